/**
 * svgToPdf: a chart or figure as a one-page vector PDF, with PDFKit 0.20 (pdfkit) and svg-to-pdfkit, both
 * pure JavaScript from npm (nothing downloaded at run time). The page is the SVG's size in points. Text uses
 * DejaVu Sans when the system has it (Greek letters, −, subscripts as positioned tspans), else Helvetica,
 * whose standard encoding lacks Greek: those glyphs then come out wrong, which `warnings` reports.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

// Neither library ships typings: the small parts used here, typed locally.
interface PdfDoc {
  on(event: 'data', cb: (chunk: Uint8Array) => void): PdfDoc
  on(event: 'end' | 'error', cb: (e?: unknown) => void): PdfDoc
  registerFont(name: string, src: string): PdfDoc
  end(): void
}
type PdfDocCtor = new (o: {
  size: [number, number]
  margin: number
  compress: boolean
  info: Record<string, string | Date>
}) => PdfDoc
type SvgToPdfFn = (
  doc: PdfDoc,
  svg: string,
  x: number,
  y: number,
  o: {
    width: number
    height: number
    assumePt: boolean
    fontCallback: (family: string, bold: boolean) => string
    warningCallback: (message: string) => void
  },
) => void
const require = createRequire(import.meta.url)
// Loaded on first use: PDFKit costs ~60 ms to load, and every `passk fit` imports @passk/plot for its SVGs.
let pdfLibs: { PDFDocument: PdfDocCtor; SVGtoPDF: SvgToPdfFn } | null = null
function libs() {
  pdfLibs ??= { PDFDocument: require('pdfkit') as PdfDocCtor, SVGtoPDF: require('svg-to-pdfkit') as SvgToPdfFn }
  return pdfLibs
}

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
const DEJAVU_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'

export interface PdfOptions {
  /** Deflate the content streams (default true); false keeps them readable (tests). */
  compress?: boolean
  /** Receives svg-to-pdfkit's warnings and a note when no Unicode font is available. */
  onWarning?: (message: string) => void
}

export function svgToPdf(svg: string, opts: PdfOptions = {}): Promise<Uint8Array> {
  if (typeof svg !== 'string' || !svg.includes('<svg'))
    return Promise.reject(new RangeError('svgToPdf: expected an SVG document string.'))
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg)
  const W = m ? Number(m[1]) : 640,
    H = m ? Number(m[2]) : 400
  if (!(W > 0 && H > 0 && W <= 14400 && H <= 14400))
    return Promise.reject(new RangeError(`svgToPdf: page size ${W} × ${H} is outside 1…14400 pt.`))
  const { PDFDocument, SVGtoPDF } = libs()
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: [W, H],
      margin: 0,
      compress: opts.compress ?? true,
      info: { Producer: 'passk-lab @passk/plot', Creator: 'passk-lab', CreationDate: new Date(0) },
    })
    const chunks: Uint8Array[] = []
    doc.on('data', (c) => chunks.push(c))
    doc.on('error', (e) => reject(e instanceof Error ? e : new Error(String(e))))
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0))
      let o = 0
      for (const c of chunks) {
        out.set(c, o)
        o += c.length
      }
      resolve(out)
    })
    const unicode = existsSync(DEJAVU)
    if (unicode) {
      doc.registerFont('DejaVu', DEJAVU)
      doc.registerFont('DejaVu-Bold', existsSync(DEJAVU_BOLD) ? DEJAVU_BOLD : DEJAVU)
    } else opts.onWarning?.('svgToPdf: DejaVu Sans not found; text uses Helvetica (Greek letters will be wrong).')
    try {
      SVGtoPDF(doc, svg, 0, 0, {
        width: W,
        height: H,
        assumePt: true,
        fontCallback: (_family, bold) =>
          unicode ? (bold ? 'DejaVu-Bold' : 'DejaVu') : bold ? 'Helvetica-Bold' : 'Helvetica',
        warningCallback: (w) => opts.onWarning?.(`svgToPdf: ${w}`),
      })
      doc.end()
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)))
    }
  })
}
