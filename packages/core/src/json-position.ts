/**
 * Offset of the first JSON syntax error in `text` (or −1 if it parses), for error messages with a line
 * and column. Needed because V8's JSON.parse messages do not always carry a position (Node 20:
 * `Unexpected token ',', ..."ages": [,]..." is not valid JSON`). A strict RFC 8259 recogniser.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0
  const fail = (): never => {
    throw i
  }
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const str = () => {
    i++ // opening quote
    while (i < text.length) {
      const c = text[i]
      if (c === '"') {
        i++
        return
      }
      if (c === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail()
          i += 5
          continue
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail()
        i++
        continue
      }
      if (c < ' ') fail()
      i++
    }
    fail()
  }
  const literal = () => {
    if (text[i] === '"') return str()
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (num) {
      i += num[0].length
      return
    }
    for (const lit of ['true', 'false', 'null'])
      if (text.startsWith(lit, i)) {
        i += lit.length
        return
      }
    fail()
  }
  const key = () => {
    ws()
    if (text[i] !== '"') fail()
    str()
    ws()
    if (text[i] !== ':') fail()
    i++
  }
  // Iterative (an explicit stack of open brackets): a spec nested 8000 deep must not overflow the call stack.
  const value = (): void => {
    const stack: string[] = []
    for (;;) {
      ws()
      const c = text[i]
      if (c === '{') {
        i++
        ws()
        if (text[i] === '}') i++
        else {
          stack.push('}')
          key()
          continue
        }
      } else if (c === '[') {
        i++
        ws()
        if (text[i] === ']') i++
        else {
          stack.push(']')
          continue
        }
      } else literal()
      // after a value: close brackets, or a comma and the next member
      for (;;) {
        if (!stack.length) return
        ws()
        const top = stack[stack.length - 1]
        if (text[i] === top) {
          stack.pop()
          i++
          continue
        }
        if (text[i] !== ',') fail()
        i++
        if (top === '}') key()
        break
      }
    }
  }
  try {
    value()
    ws()
    if (i < text.length) fail()
    return -1
  } catch (e) {
    if (typeof e === 'number') return e
    throw e
  }
}

/**
 * JSON.stringify for a message, never throwing: values nested thousands deep overflow its recursion
 * (RangeError), so they are named by their type instead; long results are cut to `max` characters.
 */
export function showJson(v: unknown, max = 60): string {
  let s: string
  try {
    s = JSON.stringify(v) ?? String(v)
  } catch {
    s = Array.isArray(v)
      ? '[…] (a deeply nested array)'
      : typeof v === 'object'
        ? '{…} (a deeply nested object)'
        : String(v)
  }
  return s.length > max ? s.slice(0, max - 1) + '…' : s
}
