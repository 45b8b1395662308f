import { AppError } from '../../../shared/errors.js'
import type { SourceId } from '../../model.js'
import type { MappedOfacFiles } from './map.js'
import type { FetchLike, ListSource, ParsedList } from '../list-source.js'
import { firstRecordColumns } from '../parse-delimited.js'
import { baseFormatName, decodeText, type SourceFile } from '../source-file.js'
import type { OfacFileRole, OfacFiles } from './parse.js'

export type MakeOfacSourceOptions = {
  id: SourceId
  title: string
  fileRoles: Readonly<Record<string, OfacFileRole>>
  fileRole: (file: SourceFile, firstRecordColumns: number) => OfacFileRole | undefined
  parse: (files: Array<{ file: SourceFile; role: OfacFileRole }>) => OfacFiles
  map: (files: OfacFiles) => MappedOfacFiles
  download: (opts: { fetch: FetchLike }) => Promise<SourceFile[]>
}

/** The SDN and non-SDN sources differ only in file names and list codes; this builds either. */
export function makeOfacSource(o: MakeOfacSourceOptions): ListSource {
  return {
    id: o.id,
    title: o.title,
    recognizes: (file) => baseFormatName(file.name) in o.fileRoles,
    parseFiles(files: SourceFile[]): ParsedList {
      const withRoles = files.map((file) => {
        const role = o.fileRole(file, firstRecordColumns(decodeText(file)))
        if (role === undefined) {
          throw new AppError('LIST_FORMAT_UNRECOGNIZED', {
            detail: `${file.name} is not an OFAC ${o.id} file (expected ${Object.keys(o.fileRoles).join(', ')})`,
            file: file.name,
          })
        }
        return { file, role }
      })
      const { entries, warnings, cautions } = o.map(o.parse(withRoles))
      // the legacy CSV carries no publication date, so the list date stays unknown
      return { source: o.id, entries, warnings, ...(cautions.length > 0 ? { cautions } : {}) }
    },
    download: o.download,
  }
}
