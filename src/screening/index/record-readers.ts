/**
 * Decoders of the saved vocabulary tokens and prepared names, field by field from their columns
 * (`RecordList.column`) straight into the objects scoring uses. Each builds its object with every field
 * in the order of the query's literals (`makeToken` in normalize-name.ts, `prepareNormalizedName` in
 * prepare-name.ts): query and list names then share one object shape, and scoring's property loads stay
 * monomorphic. A field added there must be added here, in the same place.
 */
import type { NameToken } from '../normalize/normalize-name.js'
import type { PreparedName } from '../score/prepare-name.js'
import type { PreparedRecord } from './candidate-index-data.js'
import type { RecordList } from './record-list.js'

export function nameTokenReader(records: RecordList<NameToken>): (i: number) => NameToken {
  const text = records.column('text')
  const kind = records.column('kind')
  const legal = records.column('legal')
  const variant = records.column('variant')
  const nickname = records.column('nickname')
  const skeleton = records.column('skeleton')
  const isAbjad = records.column('isAbjad')
  const letters = records.column('letters')
  const isSyllabic = records.column('isSyllabic')
  const isHan = records.column('isHan')
  const isStrong = records.column('isStrong')
  const isAcronym = records.column('isAcronym')
  const sinoKey = records.column('sinoKey')
  const expands = records.column('expands')
  return (i) => ({
    text: text(i),
    kind: kind(i),
    legal: legal(i),
    variant: variant(i),
    nickname: nickname(i),
    skeleton: skeleton(i),
    isAbjad: isAbjad(i),
    letters: letters(i),
    isSyllabic: isSyllabic(i),
    isHan: isHan(i),
    isStrong: isStrong(i),
    isAcronym: isAcronym(i),
    sinoKey: sinoKey(i),
    expands: expands(i),
  })
}

/** `token(v)`: the (shared) token of vocabulary id v */
export function preparedNameReader(records: RecordList<PreparedRecord>): (i: number, token: (v: number) => NameToken) => PreparedName {
  const raw = records.column('raw')
  const normalized = records.column('normalized')
  const weights = records.column('weights')
  const isOrganization = records.column('isOrganization')
  const totalWeight = records.column('totalWeight')
  const maxTokenLength = records.column('maxTokenLength')
  const minPairLength = records.column('minPairLength')
  const hasPatronymic = records.column('hasPatronymic')
  const informative = records.column('informative')
  const entityKind = records.column('entityKind')
  const vocabIdsOf = records.column('vocabIds')
  return (i, token) => {
    const vocabIds = vocabIdsOf(i)!
    // a packed array, as the query's tokens are (a holey one makes every token access in scoring polymorphic)
    const tokens: NameToken[] = []
    for (let k = 0; k < vocabIds.length; k++) tokens.push(token(vocabIds[k]!))
    return {
      raw: raw(i),
      normalized: normalized(i),
      tokens,
      weights: weights(i),
      isOrganization: isOrganization(i),
      totalWeight: totalWeight(i),
      maxTokenLength: maxTokenLength(i),
      minPairLength: minPairLength(i),
      hasPatronymic: hasPatronymic(i),
      informative: informative(i),
      entityKind: entityKind(i),
      vocabIds,
    }
  }
}
