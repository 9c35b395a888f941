/** NumPy .npy reader/writer (being implemented: see the numerics task). */
export interface NpyArray { dtype: string; shape: number[]; fortranOrder: boolean; data: Float64Array | Float32Array | Int32Array | Uint8Array | BigInt64Array | Int16Array | Uint16Array | Int8Array | Uint32Array | BigUint64Array }
export function readNpy(_buf: Uint8Array, _name = 'npy'): NpyArray { throw new Error('readNpy: not implemented yet') }
export function writeNpy(_a: NpyArray): Uint8Array { throw new Error('writeNpy: not implemented yet') }
