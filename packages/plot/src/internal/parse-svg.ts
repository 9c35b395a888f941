/**
 * A deliberately tiny XML reader for tests: elements, double-quoted attributes and text. It throws on
 * unbalanced tags, so parsing a chart also checks that it is well-formed. Not re-exported.
 */
export interface El {
  name: string
  attrs: Record<string, string>
  children: El[]
  text: string
}

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENT[e])

export function parseXml(src: string): El {
  const root: El = { name: '#root', attrs: {}, children: [], text: '' }
  const stack: El[] = [root]
  const re = /<!--[\s\S]*?-->|<\/([\w:-]+)\s*>|<([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g
  let m: RegExpExecArray | null
  let pos = 0
  while ((m = re.exec(src))) {
    if (m.index !== pos)
      throw new Error(`parseXml: unexpected character at ${pos}: ${JSON.stringify(src.slice(pos, pos + 40))}`)
    pos = re.lastIndex
    const top = stack[stack.length - 1]
    if (m[1]) {
      if (top.name !== m[1]) throw new Error(`parseXml: </${m[1]}> closes <${top.name}>`)
      stack.pop()
    } else if (m[2]) {
      const attrs: Record<string, string> = {}
      for (const a of m[3].matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = unescape(a[2])
      const el: El = { name: m[2], attrs, children: [], text: '' }
      top.children.push(el)
      if (!m[4]) stack.push(el)
    } else if (m[5]) {
      if (/[<>]/.test(m[5]) || /&(?!(amp|lt|gt|quot|#39);)/.test(m[5]))
        throw new Error(`parseXml: unescaped text ${JSON.stringify(m[5].slice(0, 40))}`)
      top.text += unescape(m[5])
    }
  }
  if (pos !== src.length) throw new Error(`parseXml: unexpected character at ${pos}`)
  if (stack.length !== 1) throw new Error(`parseXml: <${stack[stack.length - 1].name}> is never closed`)
  return root
}

/** All descendants matching the predicate, in document order. */
export function findAll(el: El, pred: (e: El) => boolean, out: El[] = []): El[] {
  for (const c of el.children) {
    if (pred(c)) out.push(c)
    findAll(c, pred, out)
  }
  return out
}

export const byClass = (cls: string) => (e: El) => (e.attrs.class ?? '').split(/\s+/).includes(cls)

/** Text of an element and its descendants. */
export function textOf(el: El): string {
  return el.text + el.children.map(textOf).join('')
}
