/**
 * LiveCodeBench output/<model>/<scenario>_<n>_<temperature>_eval_all.json (lcb_runner/benchmarks/code_generation.py
 * insert_output_evaluation; lcb_runner/utils/path_utils.py get_eval_all_output_path): a JSON array, one object per
 * problem with question_id, difficulty, code_list and graded_list (one boolean per generation) and pass@1 =
 * graded_list.count(True) / len. n = len(graded_list), c = its trues. The model is the parent directory's name
 * (or the model/label option).
 */
import { describe } from '../rows.js'
import path from 'node:path'
import { emptyError, isObject, singleLabel } from './common.js'
import type { LogFormat } from './types.js'

export function isLcbDoc(doc: unknown): boolean {
  return Array.isArray(doc) && isObject(doc[0]) && Array.isArray(doc[0].graded_list) && 'question_id' in doc[0]
}

/** `output/<model>/Scenario.codegeneration_10_0.2_eval_all.json` → `<model>`. */
function modelFromPath(file: string): string | undefined {
  const dir = path.basename(path.dirname(path.resolve(file)))
  return /_eval_all\.json(\.gz)?$/.test(path.basename(file)) && dir && dir !== 'output' && dir !== '.' ? dir : undefined
}

export const livecodebench: LogFormat = {
  name: 'livecodebench',
  detect: (p) => p.type === 'json' && isLcbDoc(p.document()),
  read(p, o, st) {
    const file = p.file
    const doc = p.document()
    if (!Array.isArray(doc) || !doc.length) throw emptyError(file)
    const g = st.acc.group(singleLabel(o, file, modelFromPath(file)), {})
    doc.forEach((r: unknown, i) => {
      st.records++
      const row = i + 1
      if (!isObject(r)) {
        st.bad.add(row, 'not an object')
        return
      }
      const id = r.question_id
      if (!(typeof id === 'string' || typeof id === 'number')) {
        st.bad.add(row, `question_id is ${describe(id)}`)
        return
      }
      const gl = r.graded_list
      if (!Array.isArray(gl) || gl.length === 0) {
        st.bad.add(row, `${describe(id)}: graded_list is ${describe(gl)}`)
        return
      }
      const bad = gl.findIndex((x) => typeof x !== 'boolean')
      if (bad >= 0) {
        st.bad.add(row, `${describe(id)}: graded_list[${bad}] is ${describe(gl[bad])}, not a boolean`)
        return
      }
      const c = gl.filter((x) => x === true).length
      const p1 = r['pass@1']
      if (typeof p1 === 'number' && Math.abs(p1 - c / gl.length) > 1e-12) {
        st.bad.add(row, `${describe(id)}: pass@1 = ${p1} but graded_list has ${c} of ${gl.length} true`)
        return
      }
      gl.forEach((x, j) => st.acc.addSample(g, id, x ? 1 : 0, j, undefined))
    })
    st.formatName = 'livecodebench'
    st.meta.harness = 'LiveCodeBench'
    return Promise.resolve()
  },
}
