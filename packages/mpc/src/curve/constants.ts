/**
 * Public constants of secp256k1 used across the curve module (generator coordinates).
 * Holds no secrets and no code; never put anything mutable here.
 */
export const BASE_X = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n
export const BASE_Y = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n
