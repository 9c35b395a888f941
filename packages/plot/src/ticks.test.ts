import { describe, expect, it } from 'vitest'
import { formatTick, linearAxis, logAxis, niceStep } from './ticks.js'

// Expected values below are worked by hand from the rules in ticks.ts's header:
// linear: domain = [min − 0.04·span, max + 0.04·span], step = smallest {1,2,5}·10ⁿ ≥ span/target;
// log: domain = 10^(log10 min − 0.04·L) … 10^(log10 max + 0.04·L) with L = log10(max/min).

describe('niceStep', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0.23, 1, 3, 0.0011, 70, 200].map(niceStep)).toEqual([0.5, 1, 5, 0.002, 100, 200])
  })
})

describe('linearAxis', () => {
  it('puts 1-2-5 ticks inside a 4 % padded domain when the data span 0…400', () => {
    const a = linearAxis(0, 400, 5)
    expect(a.domain[0]).toBeCloseToRel(-16, 1e-12)
    expect(a.domain[1]).toBeCloseToRel(416, 1e-12)
    expect(a.major).toEqual([0, 100, 200, 300, 400])
    expect(a.labels).toEqual(['0', '100', '200', '300', '400'])
  })

  it('labels negative ticks with a minus sign and fixed decimals when the step is 0.5', () => {
    const a = linearAxis(-1, 1, 5)
    expect(a.major).toEqual([-1, -0.5, 0, 0.5, 1])
    expect(a.labels).toEqual(['\u22121.0', '\u22120.5', '0', '0.5', '1.0'])
  })

  it('avoids float noise in tick values when the step is 0.1', () => {
    expect(linearAxis(0.1, 0.49, 5).major).toEqual([0.1, 0.2, 0.3, 0.4, 0.5])
  })

  it('widens a zero-width range and falls back to [0, 1] for non-finite limits', () => {
    expect(linearAxis(2, 2).major).toEqual([1, 1.5, 2, 2.5, 3])
    expect(linearAxis(NaN, 3).major).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })

  it('keeps ticks and labels distinct on a range far narrower than its values', () => {
    // span 0.004 → step 0.001 → five ticks 10⁶ + {0, 1, 2, 3, 4}·0.001
    const a = linearAxis(1e6, 1e6 + 0.004, 5)
    expect(a.major).toEqual([1e6, 1000000.001, 1000000.002, 1000000.003, 1000000.004])
    expect(new Set(a.labels).size).toBe(5)
  })

  it('switches to a×10ⁿ labels for very large values', () => {
    expect(formatTick(2e6, 1e6)).toBe('2×10⁶')
    expect(formatTick(1e-4, 1e-4)).toBe('10⁻⁴')
  })
})

describe('logAxis', () => {
  it('labels each decade and puts minor ticks at 2…9 × 10ⁿ when the data span 1…1000', () => {
    const a = logAxis(1, 1000)
    expect(a.domain[0]).toBeCloseToRel(10 ** -0.12, 1e-12)
    expect(a.domain[1]).toBeCloseToRel(10 ** 3.12, 1e-12)
    expect(a.major).toEqual([1, 10, 100, 1000])
    expect(a.labels).toEqual(['1', '10', '100', '1000'])
    // 0.8, 0.9 | 2…9 | 20…90 | 200…900 (2000 > 10^3.12 ≈ 1318 is outside)
    expect(a.minor.length).toBe(2 + 8 + 8 + 8)
    expect(a.minor[0]).toBe(0.8)
    expect(a.minor.at(-1)).toBe(900)
  })

  it('labels every second decade as powers of ten when the data span 8 decades', () => {
    const a = logAxis(1e-8, 1)
    expect(a.major).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1])
    expect(a.labels).toEqual(['10⁻⁸', '10⁻⁶', '10⁻⁴', '10⁻²', '10⁰'])
    expect(a.minor).toEqual([1e-7, 1e-5, 1e-3, 1e-1])
  })

  it('labels 2 and 5 when no decade falls inside the domain', () => {
    const a = logAxis(2, 8)
    expect(a.major).toEqual([2, 5])
    expect(a.labels).toEqual(['2', '5'])
    expect(a.minor).toEqual([3, 4, 6, 7, 8])
  })

  it('falls back to [1, 10] for non-positive limits', () => {
    const a = logAxis(0, -3)
    expect(a.major).toEqual([1, 10])
  })
})
