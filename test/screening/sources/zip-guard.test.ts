/** A zip (XLSX) bomb is refused before a reader inflates it: every entry is inflated once with a cap. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deflateRawSync } from 'node:zlib'
import { assertZipWithinCap } from '../../../src/screening/sources/zip-guard.js'

/** A minimal zip of deflated entries; `claimed` lets an entry lie about its uncompressed size. */
function zipOf(entries: { name: string; data: Buffer; claimed?: number }[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const body = deflateRawSync(e.data)
    const name = Buffer.from(e.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(e.claimed ?? e.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(e.claimed ?? e.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, body)
    centrals.push(central, name)
    offset += 30 + name.length + body.length
  }
  const dir = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(dir.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, eocd])
}

test('a small workbook passes; a zip bomb is refused (413) even when its headers claim small sizes', () => {
  assert.equal(assertZipWithinCap('ConList.xlsx', zipOf([{ name: 'xl/a.xml', data: Buffer.from('<a/>') }, { name: 'xl/b.xml', data: Buffer.alloc(1000, 0x61) }]), 10_000), 1004)
  const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x20), claimed: 10 }])
  assert.ok(bomb.length < 10_000)
  assert.throws(() => assertZipWithinCap('ConList.xlsx', bomb, 1024 * 1024), (e: { code?: string }) => e.code === 'PAYLOAD_TOO_LARGE')
  // many entries adding up past the cap
  const many = zipOf(Array.from({ length: 5 }, (_, i) => ({ name: `x${i}`, data: Buffer.alloc(300 * 1024, 0x20) })))
  assert.throws(() => assertZipWithinCap('ConList.xlsx', many, 1024 * 1024), (e: { code?: string }) => e.code === 'PAYLOAD_TOO_LARGE')
  assert.throws(() => assertZipWithinCap('ConList.xlsx', Buffer.from('not a zip at all, just some bytes here')), (e: { code?: string }) => e.code === 'LIST_PARSE_FAILED')
})
