/**
 * Workload VAE (issue 17 target 3): the paper's VAE training loop (Levi 2024 §4, App. A; 784-400-20-400-784,
 * batch 128, Adam 1e-3, float64) on the first 400 Fashion-MNIST training images, passk-lab
 * (`@passk/source-vae` trainVae on `@passk/linalg` dgemm) against the numpy peer (`tools/bench/peers/vae_numpy.py`,
 * the same network, loss, init and optimiser) with 1 BLAS thread and with numpy's default threads, in one run.
 * Per-epoch wall and CPU time; the first epoch is reported separately (JIT warm-up on our side) and the
 * per-epoch figure is the median of the remaining epochs.
 *   node --conditions=@passk/source --import tsx tools/bench/src/vae-bench.ts \
 *     [--epochs 6] [--data DIR] [--no-write] [--no-gemm]
 * or, from another script: `runVaeBench({ epochs, dataDir, write, gemm, command })` (returns the numbers; null when the
 * data folder is missing, after printing why).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRng } from '@passk/core'
import { createVae, readIdxImages, trainVae } from '@passk/source-vae'
import { kernelBackend } from '@passk/linalg'
import { load1, writeSection } from './benchmarks-md.js'
import { runGemmBench } from './gemm-bench.js'

/** What each @passk/linalg backend runs the products on (for the section text). */
const KERNEL_TEXT = {
  native:
    'packed panels and a C++ micro-kernel with AVX-512 (or AVX2) FMA, chosen at run time (a Node-API addon built by `npm ci`)',
  wasm: 'packed panels and a WebAssembly SIMD micro-kernel (f64x2, separate multiply and add: at most a quarter of the vector width of AVX-512 and no FMA)',
  js: 'register-blocked scalar JavaScript',
} as const

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

interface Side {
  firstWall: number
  firstCpu: number
  wall: number
  cpu: number
  losses: number[]
}

function ours(imagesFile: string, epochs: number): Side {
  const im = readIdxImages(imagesFile)
  const rng = createRng(1)
  const model = createVae({ input: 784, hidden: 400, latent: 20 }, rng.split('init'))
  const walls: number[] = [],
    cpus: number[] = []
  let w0 = performance.now(),
    c0 = process.cpuUsage()
  const losses = trainVae(model, im.pixels, im.n, {
    epochs,
    batchSize: 128,
    lr: 1e-3,
    rng: rng.split('train'),
    onEpoch() {
      const c = process.cpuUsage(c0)
      walls.push((performance.now() - w0) / 1e3)
      cpus.push((c.user + c.system) / 1e6)
      w0 = performance.now()
      c0 = process.cpuUsage()
    },
  })
  return { firstWall: walls[0], firstCpu: cpus[0], wall: median(walls.slice(1)), cpu: median(cpus.slice(1)), losses }
}

function numpy(dataDir: string, epochs: number, threads: number): Side & { command: string } {
  const script = path.join(repoRoot, 'tools/bench/peers/vae_numpy.py')
  const args = [script, '--data', dataDir, '--epochs', String(epochs), '--threads', String(threads)]
  // OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE slow a current OpenBLAS on this machine: unset both for the peer only
  const env = { ...process.env }
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  const out = execFileSync('python3', args, { encoding: 'utf8', env })
  const j = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    epoch_wall_s: number[]
    epoch_cpu_s: number[]
    loss_per_image: number[]
  }
  return {
    firstWall: j.epoch_wall_s[0],
    firstCpu: j.epoch_cpu_s[0],
    wall: median(j.epoch_wall_s.slice(1)),
    cpu: median(j.epoch_cpu_s.slice(1)),
    losses: j.loss_per_image,
    command: `python3 tools/bench/peers/vae_numpy.py --epochs ${epochs} --threads ${threads || 'default'}`,
  }
}

export interface VaeBenchResult {
  epochs: number
  ours: Side
  numpy1: Side
  numpyDefault: Side
  /** our CPU per epoch / numpy 1-thread CPU per epoch */
  cpuRatio: number
  load: [before: number, after: number]
}

/**
 * Train both sides for `epochs` epochs in this process (ours) and in python3 (numpy, 1 thread and default threads);
 * with `gemm` (default true) also the kernel table of gemm-bench.ts at the VAE's shapes. `command` is how the run
 * was started, for the text (bench.ts passes its own command line).
 */
export function runVaeBench(
  opts: {
    epochs?: number
    dataDir?: string | undefined
    write?: boolean
    gemm?: boolean
    command?: string
  } = {},
): VaeBenchResult | null {
  const epochs = Math.max(2, opts.epochs ?? 6)
  const dataDir = path.resolve(repoRoot, opts.dataDir ?? '../shared/data/fashion-mnist')
  const write = opts.write ?? true
  const imagesFile = path.join(dataDir, 'train-images-first400-idx3-ubyte.gz')
  if (!existsSync(imagesFile)) {
    console.error(`vae bench: ${imagesFile} not found; pass --data DIR (the Fashion-MNIST folder of ../shared/data).`)
    return null
  }
  const started = new Date().toISOString()
  const loadBefore = load1()
  const a = ours(imagesFile, epochs)
  const n1 = numpy(dataDir, epochs, 1)
  const nD = numpy(dataDir, epochs, 0)
  const gemm = (opts.gemm ?? true) ? runGemmBench() : null
  const loadAfter = load1()
  const command =
    opts.command ??
    `node --conditions=@passk/source --import tsx tools/bench/src/vae-bench.ts${epochs !== 6 ? ` --epochs ${epochs}` : ''}`
  const f = (x: number) => x.toFixed(3)
  const table = [
    'side                       s/epoch wall  s/epoch CPU  first epoch wall/CPU  loss ep.1 → last',
    `passk-lab (1 thread)       ${f(a.wall).padStart(12)}  ${f(a.cpu).padStart(11)}  ${`${f(a.firstWall)} / ${f(a.firstCpu)}`.padStart(20)}  ${a.losses[0].toFixed(1)} → ${a.losses.at(-1)?.toFixed(1)}`,
    `numpy, 1 BLAS thread       ${f(n1.wall).padStart(12)}  ${f(n1.cpu).padStart(11)}  ${`${f(n1.firstWall)} / ${f(n1.firstCpu)}`.padStart(20)}  ${n1.losses[0].toFixed(1)} → ${n1.losses.at(-1)?.toFixed(1)}`,
    `numpy, default threads     ${f(nD.wall).padStart(12)}  ${f(nD.cpu).padStart(11)}  ${`${f(nD.firstWall)} / ${f(nD.firstCpu)}`.padStart(20)}  ${nD.losses[0].toFixed(1)} → ${nD.losses.at(-1)?.toFixed(1)}`,
  ]
  const rCpu = a.cpu / n1.cpu,
    rWall1 = a.wall / n1.wall,
    rWallD = a.wall / nD.wall
  console.log(table.join('\n'))
  console.log(
    `ratios: CPU ${rCpu.toFixed(2)}× numpy 1-thread; wall ${rWall1.toFixed(2)}× numpy 1-thread, ${rWallD.toFixed(2)}× numpy default; load ${loadBefore} → ${loadAfter}`,
  )
  if (gemm) console.log(gemm.table.join('\n'))
  if (write)
    writeSection(repoRoot, {
      id: 'vae',
      body: [
        '## VAE: Levi 2024 §4 training loop, passk-lab vs numpy (same run)',
        '',
        `Run ${started} with \`${command}\`: ${epochs} epochs on the first 400 Fashion-MNIST training images, 784-400-20-400-784, batch 128, Adam 1e-3, float64 on both sides. Per-epoch figures are the median of epochs 2…${epochs} (epoch 1 is JIT warm-up on our side and is shown apart). CPU is process CPU time (user + system) per epoch.`,
        '',
        '```',
        ...table,
        '```',
        '',
        `- **CPU per epoch: ${rCpu.toFixed(2)}× numpy single-threaded**; wall ${rWall1.toFixed(2)}× numpy single-threaded and ${rWallD.toFixed(2)}× numpy with its default threads. Target ≤ 1.0× numpy's time per epoch. Load average ${loadBefore} before, ${loadAfter} after (2 cores, shared).`,
        `- The peer is the same network, loss, initialisation and optimiser with numpy's own random streams: losses agree in magnitude (epoch 1: ${a.losses[0].toFixed(1)} vs ${n1.losses[0].toFixed(1)} per image), not bit for bit.`,
        `- numpy's matrix products run in OpenBLAS (AVX-512/FMA kernels on this CPU); ours in @passk/linalg's dgemmEx on its ${kernelBackend()} backend: ${KERNEL_TEXT[kernelBackend()]} (table below). A training epoch is ≈ 1.31 GFLOP (1.64 M multiply–adds per image), nearly all of it in the ten dense products per batch; Adam's update over ≈ 650 K parameters and the BCE pass's exponentials run in WebAssembly SIMD kernels (f64x2; @passk/source-vae internal/vae-simd), the rest of the loss, the activations and bias sums are branch-free scalar JavaScript.`,
        `- numpy commands: \`${n1.command}\`, \`${nD.command}\` (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for the peer only).`,
        ...(gemm
          ? [
              '',
              `Kernels at the same shapes, same run (\`tools/bench/src/gemm-bench.ts\`: GFLOP/s from process CPU time, best of 5 rounds, numpy \`@\` with OPENBLAS_NUM_THREADS=1; load ${gemm.load}):`,
              '',
              '```',
              ...gemm.table,
              '```',
            ]
          : []),
      ],
      historyHeader:
        '| run (UTC) | ours s/epoch (CPU) | numpy 1-thread s/epoch (CPU) | numpy default wall | CPU ratio | load |',
      historyLine: `| ${started.slice(0, 16).replace('T', ' ')} | ${f(a.wall)} (${f(a.cpu)}) | ${f(n1.wall)} (${f(n1.cpu)}) | ${f(nD.wall)} | ${rCpu.toFixed(2)} | ${loadBefore} / ${loadAfter} |`,
    })
  return { epochs, ours: a, numpy1: n1, numpyDefault: nD, cpuRatio: rCpu, load: [loadBefore, loadAfter] }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const argv = process.argv.slice(2)
  const opt = (n: string) => {
    const i = argv.indexOf(n)
    return i >= 0 && argv[i + 1] ? argv[i + 1] : undefined
  }
  const r = runVaeBench({
    epochs: Number(opt('--epochs') ?? '6'),
    dataDir: opt('--data'),
    write: !argv.includes('--no-write'),
    gemm: !argv.includes('--no-gemm'),
  })
  if (!r) process.exit(2)
}
