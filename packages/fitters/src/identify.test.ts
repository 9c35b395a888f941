import { describe, expect, it } from 'vitest'
import { createRng } from '@passk/core'
import { betaBinomialFit } from './beta-binomial.js'
import { identify } from './internal/identify.js'

describe('identify (unidentified fit status)', () => {
  it('flags a relative standard error above 10 and keeps a well-determined fit', () => {
    const bad = identify({ status: 'converged', names: ['a', 'b'], values: [3092, 1], stdErr: [184110, 0.1] })
    expect(bad.status).toBe('unidentified')
    expect(bad.reasons[0]).toMatch(/a = 3092 .*relative s\.e\. 60 > 10/)
    const ok = identify({ status: 'converged', names: ['a', 'b'], values: [3092, 1], stdErr: [30000, 0.1] })
    expect(ok.status).toBe('converged')
  })

  it('flags a bootstrap that fails on most resamples, and leaves failed fits alone', () => {
    const r = identify({
      status: 'converged',
      names: ['a'],
      values: [1],
      stdErr: [0.1],
      bootstrapFailures: 120,
      bootstrapReps: 200,
    })
    expect(r.status).toBe('unidentified')
    expect(identify({ status: 'failed', names: ['a'], values: [1], stdErr: [1e6] }).status).toBe('failed')
  })

  it('beta-binomial on a log with almost all c = 0 is unidentified, never converged', () => {
    // 400 problems × 20 attempts, only 2 problems ever solved (once each).
    const n = new Int32Array(400).fill(20),
      c = new Int32Array(400)
    c[7] = 1
    c[300] = 1
    const r = betaBinomialFit(n, c, { bootstrap: 50, rng: createRng(3) })
    expect(r.status).toBe('unidentified')
    expect(r.message).toMatch(/only 2 of 400 problems have any success/)
  })

  it('beta-binomial on well-sampled Beta(0.5, 2) problems stays converged', () => {
    const rng = createRng(11)
    const n = new Int32Array(500).fill(30),
      c = new Int32Array(500)
    for (let i = 0; i < 500; i++) {
      const q = rng.beta(0.5, 2)
      for (let j = 0; j < 30; j++) if (rng.uniform() < q) c[i]++
    }
    const r = betaBinomialFit(n, c, { bootstrap: 50, rng: createRng(4) })
    expect(r.status).toBe('converged')
    expect(r.a).toBeGreaterThan(0.4)
    expect(r.a).toBeLessThan(0.6)
  })
})
