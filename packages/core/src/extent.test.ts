import { describe, expect, it } from 'vitest'
import { maxOf, minOf } from './extent.js'

describe('maxOf / minOf', () => {
  it('agree with Math.max / Math.min on small arrays and work on 10⁶ elements (spread overflows there)', () => {
    const small = [3, -1, 7.5, 2]
    expect([maxOf(small), minOf(small)]).toEqual([Math.max(...small), Math.min(...small)])
    expect([maxOf([]), minOf([])]).toEqual([-Infinity, Infinity])
    const big = Float64Array.from({ length: 1_000_000 }, (_, i) => ((i * 7919) % 1_000_003) - 500_000)
    expect(() => Math.max(...big)).toThrow(RangeError)
    let hi = -Infinity,
      lo = Infinity
    big.forEach((x) => {
      hi = x > hi ? x : hi
      lo = x < lo ? x : lo
    })
    expect([maxOf(big), minOf(big)]).toEqual([hi, lo])
    expect(maxOf(new Int32Array([5, 9, 1]))).toBe(9)
  })
})
