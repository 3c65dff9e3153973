/**
 * The camera QR scanner: `getUserMedia` (rear camera), decoded with the platform's
 * `BarcodeDetector` where it exists, otherwise jsqr on canvas frames (loaded only when the camera
 * opens). Stops the camera when it reads a code, when closed, and when the component goes away.
 */
import { useEffect, useRef } from 'preact/hooks'

type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> }
type DetectorConstructor = new (options: { formats: string[] }) => Detector

async function decoder(): Promise<
  (canvas: HTMLCanvasElement, video: HTMLVideoElement) => Promise<string | undefined>
> {
  const Native = (globalThis as { BarcodeDetector?: DetectorConstructor }).BarcodeDetector
  if (Native !== undefined) {
    const detector = new Native({ formats: ['qr_code'] })
    return async (_canvas, video) => (await detector.detect(video))[0]?.rawValue
  }
  const { default: jsQR } = await import('jsqr')
  return async (canvas, video) => {
    const context = canvas.getContext('2d', { willReadFrequently: true })
    if (context === null || video.videoWidth === 0) return undefined
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    context.drawImage(video, 0, 0)
    const image = context.getImageData(0, 0, canvas.width, canvas.height)
    return jsQR(image.data, image.width, image.height)?.data
  }
}

export function cameraAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function'
  )
}

export function Scanner(props: {
  label: string
  onText: (text: string) => void
  onError: (error: unknown) => void
}) {
  const video = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    let stream: MediaStream | undefined
    let stopped = false
    const canvas = document.createElement('canvas')
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        })
        if (stopped || video.current === null) return
        video.current.srcObject = stream
        await video.current.play()
        const decode = await decoder()
        while (!stopped && video.current !== null) {
          const text = await decode(canvas, video.current).catch(() => undefined)
          if (text !== undefined) {
            props.onText(text)
            return
          }
          await new Promise((resolve) => requestAnimationFrame(resolve))
        }
      } catch (error) {
        if (!stopped) props.onError(error)
      }
    })()
    return () => {
      stopped = true
      for (const track of stream?.getTracks() ?? []) track.stop()
    }
  }, [])
  return <video ref={video} class="scanner" aria-label={props.label} muted playsInline />
}
