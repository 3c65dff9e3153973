/**
 * Hold-to-approve for dangerous requests: the action runs only after the button was held (pointer,
 * or Space/Enter held on the keyboard) for `ms`; letting go earlier cancels. The fill shows the
 * progress; `aria-describedby` tells a screen reader why it must be held.
 */
import { useEffect, useRef, useState } from 'preact/hooks'

export function HoldButton(props: {
  label: string
  hint: string
  ms?: number
  disabled?: boolean
  onConfirm: () => void
}) {
  const ms = props.ms ?? 2000
  const [fill, setFill] = useState(0)
  const started = useRef<number | undefined>(undefined)
  const frame = useRef<number | undefined>(undefined)

  const stop = () => {
    started.current = undefined
    if (frame.current !== undefined) cancelAnimationFrame(frame.current)
    frame.current = undefined
    setFill(0)
  }
  const tick = () => {
    if (started.current === undefined) return
    const done = Math.min(1, (performance.now() - started.current) / ms)
    setFill(done)
    if (done >= 1) {
      stop()
      props.onConfirm()
      return
    }
    frame.current = requestAnimationFrame(tick)
  }
  const start = () => {
    if (props.disabled || started.current !== undefined) return
    started.current = performance.now()
    frame.current = requestAnimationFrame(tick)
  }
  useEffect(() => stop, [])

  return (
    <>
      <button
        type="button"
        class="primary danger hold"
        disabled={props.disabled}
        aria-describedby="hold-hint"
        style={{ '--fill': `${Math.round(fill * 100)}%` }}
        onPointerDown={start}
        onPointerUp={stop}
        onPointerLeave={stop}
        onPointerCancel={stop}
        onKeyDown={(event) => {
          if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
            event.preventDefault()
            start()
          }
        }}
        onKeyUp={stop}
        onContextMenu={(event) => event.preventDefault()}
      >
        {props.label}
      </button>
      <p id="hold-hint" class="hint">
        {props.hint}
      </p>
    </>
  )
}
