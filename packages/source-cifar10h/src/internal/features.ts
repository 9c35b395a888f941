/** Frozen features (n × d .npy) and the optional feature-row → CIFAR-10H-row index map. */
import { readFileSync } from 'node:fs'
import { PasskError, readNpyFile } from '@passk/core'

export const FEATURES_HINT =
  'Features are an n × d float32/float64 .npy of penultimate-layer activations, row i = CIFAR-10 test image i unless indexMap says otherwise; e.g. ../shared/data/cifar10-test-first1000/resnet20_features64.npy.'

export interface Features {
  n: number
  d: number
  x: Float64Array
}

export function readFeatures(path: string): Features {
  const a = readNpyFile(path)
  if (a.shape.length !== 2)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${path}: features must be a 2-D n × d array, got shape (${a.shape.join(', ')})`,
      FEATURES_HINT,
    )
  if (!/f[48]$/.test(a.dtype))
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${path}: features must be float32 or float64, got dtype ${a.dtype}`,
      FEATURES_HINT,
    )
  const [n, d] = a.shape as [number, number]
  if (n === 0 || d === 0)
    throw new PasskError('PASSK_BAD_INPUT', `${path}: features are empty (shape ${n} × ${d})`, FEATURES_HINT)
  const x = Float64Array.from(a.data as Float32Array | Float64Array)
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]))
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${path}: feature row ${Math.floor(i / d)}, column ${i % d} is ${x[i]}`,
        'Recompute the features; NaN/∞ usually means a broken forward pass.',
      )
  }
  return { n, d, x }
}

/** Index map from a .npy (integer vector) or a text file (integers separated by whitespace or commas). */
export function readIndexMap(path: string): number[] {
  let vals: number[]
  if (path.endsWith('.npy')) {
    const a = readNpyFile(path)
    if (a.shape.length !== 1 && !(a.shape.length === 2 && (a.shape[0] === 1 || a.shape[1] === 1)))
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${path}: indexMap must be a vector, got shape (${a.shape.join(', ')})`,
        'Save it with numpy.save(path, np.asarray(rows, dtype=np.int64)).',
      )
    vals = Array.from(a.data, Number)
  } else {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      throw new PasskError(
        'PASSK_FILE_NOT_FOUND',
        `indexMap not found: ${path}`,
        'Give a .npy or .txt with one CIFAR-10H row index per feature row.',
        { cause: e },
      )
    }
    vals = text
      .split(/[\s,]+/)
      .filter((t) => t.length > 0)
      .map(Number)
  }
  vals.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${path}: entry ${i} of indexMap is ${v}, not a non-negative integer row index`,
        'One CIFAR-10H row index (0-based) per feature row.',
      )
  })
  return vals
}
