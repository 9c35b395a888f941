/** CSV/TSV fields of one line (RFC 4180 quoting within a line; quoted newlines are not supported). */
export function splitCsvLine(line: string, delim: string): string[] | null {
  if (line.indexOf('"') < 0) return line.split(delim)
  const out: string[] = []
  let i = 0
  const n = line.length
  for (;;) {
    if (line[i] === '"') {
      let s = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q < 0) return null // unbalanced quote
        s += line.slice(i, q)
        if (line[q + 1] === '"') {
          s += '"'
          i = q + 2
          continue
        }
        i = q + 1
        break
      }
      out.push(s)
      if (i === n) return out
      if (line[i] !== delim) return null
      i++
    } else {
      const d = line.indexOf(delim, i)
      if (d < 0) {
        out.push(line.slice(i))
        return out
      }
      out.push(line.slice(i, d))
      i = d + 1
    }
  }
}
