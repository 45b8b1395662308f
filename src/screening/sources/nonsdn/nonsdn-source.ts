import { makeOfacSource } from '../ofac-legacy/ofac-source.js'
import { downloadNonSdn } from './download.js'
import { mapNonSdnFiles } from './map.js'
import { NONSDN_FILE_ROLES, nonSdnFileRole, parseNonSdnFiles } from './parse.js'

export const nonSdnSource = makeOfacSource({
  id: 'nonsdn',
  title: 'OFAC non-SDN consolidated lists (legacy CSV)',
  fileRoles: NONSDN_FILE_ROLES,
  fileRole: nonSdnFileRole,
  parse: parseNonSdnFiles,
  map: mapNonSdnFiles,
  download: downloadNonSdn,
})
