import { makeOfacSource } from '../ofac-legacy/ofac-source.js'
import { downloadSdn } from './download.js'
import { mapSdnFiles } from './map.js'
import { parseSdnFiles, SDN_FILE_ROLES, sdnFileRole } from './parse.js'

export const sdnSource = makeOfacSource({
  id: 'sdn',
  title: 'OFAC Specially Designated Nationals (legacy CSV)',
  fileRoles: SDN_FILE_ROLES,
  fileRole: sdnFileRole,
  parse: parseSdnFiles,
  map: mapSdnFiles,
  download: downloadSdn,
})
