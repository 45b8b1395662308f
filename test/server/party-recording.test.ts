/**
 * Recording a party screens it: when the screening run cannot be stored after the party was, the answer is still
 * 201 with `screening: null` (the party is recorded; a 500 would have the client record it twice), and the party
 * shows as not screened.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openTestApp } from './server-fixture.js'

test('a screening run that cannot be stored leaves the party recorded, answered 201 and shown as not screened', async () => {
  const t = await openTestApp()
  try {
    // the server binds the store's methods on first use: this app's recordScreening always fails
    ;(t.store as unknown as { recordScreening: () => Promise<never> }).recordScreening = async () => {
      throw new Error('the database went away between the two writes')
    }
    const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } })
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(r.json().screening, null)
    const stored = (await t.call('GET', `/v1/parties/${r.json().id}`, { as: 'viewer' })).json()
    assert.equal(stored.screening.lastScreenedAt, null)
  } finally {
    await t.close()
  }
})

test('a party is screened with its country as stored, whatever case it was given in', async () => {
  const t = await openTestApp()
  try {
    const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'cn' } })
    assert.equal(r.statusCode, 201, r.body)
    const run = (await t.call('GET', `/v1/screenings/${r.json().screening.runId}`, { as: 'viewer' })).json()
    assert.equal(run.query.country, 'CN')
    assert.ok(run.hits.length > 0)
  } finally {
    await t.close()
  }
})

test("a party's ultimate parent and owners named on it are screened too, their hits in the party's review queue; an owner that is a stored party is not screened again", async () => {
  const t = await openTestApp()
  try {
    const owner = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Quillon Holdings Ltd', country: 'AE' } })).json()
    const r = await t.call('POST', '/v1/parties', {
      as: 'analyst',
      body: {
        name: 'Zephyrine Compute FZE',
        country: 'AE',
        ultimateParent: { name: 'Huawei Technologies Co., Ltd.', headquarters: 'cn' },
        ownership: [{ ownerName: 'Huawei Technologies Co., Ltd.', ownerCountry: 'CN', share: 0.6 }, { ownerPartyId: owner.id, ownerName: owner.name, share: 0.4 }],
      },
    })
    assert.equal(r.statusCode, 201, r.body)
    const party = r.json()
    assert.equal(party.screening.hitCount, 0, 'the party itself does not match')
    assert.deepEqual(party.ownerScreenings.map((o: { role: string; name: string }) => [o.role, o.name]), [['ultimate-parent', 'Huawei Technologies Co., Ltd.'], ['owner', 'Huawei Technologies Co., Ltd.']])
    for (const o of party.ownerScreenings as { runId: string; hitCount: number }[]) {
      assert.ok(o.hitCount > 0)
      const run = (await t.call('GET', `/v1/screenings/${o.runId}`, { as: 'viewer' })).json()
      assert.equal(run.partyId, party.id)
      assert.equal(run.query.country, 'CN')
    }
    const queue = (await t.call('GET', `/v1/screenings/hits?partyId=${party.id}&status=open&limit=100`, { as: 'viewer' })).json().items as unknown[]
    assert.ok(queue.length > 0, 'the owners\' hits are in the party\'s review queue')
  } finally {
    await t.close()
  }
})

test("when the party's own run is stored and an owner's cannot be, the answer reports the stored run (the party is screened)", async () => {
  const t = await openTestApp()
  try {
    const store = t.store as unknown as { recordScreening: (input: unknown) => Promise<unknown> }
    const real = store.recordScreening.bind(t.store)
    let calls = 0
    // the second run (the owner's) fails
    store.recordScreening = async (input) => {
      calls += 1
      if (calls === 2) throw new Error('the database went away between the two runs')
      return real(input)
    }
    const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Quillon Trading FZE', country: 'AE', ownership: [{ ownerName: 'Huawei Technologies Co., Ltd.', ownerCountry: 'CN', share: 0.6 }] } })
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(calls, 2)
    const body = r.json()
    assert.ok(body.screening, 'the party\'s own run was stored and is reported')
    assert.equal(body.ownerScreenings, undefined)
    const stored = (await t.call('GET', `/v1/parties/${body.id}`, { as: 'viewer' })).json()
    assert.equal(stored.screening.lastScreenedAt, body.screening.recordedAt)
  } finally {
    await t.close()
  }
})
