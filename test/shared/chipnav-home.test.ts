import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix, win32 } from 'node:path'
import { describe, test } from 'node:test'
import { resolveChipnavHome } from '../../src/shared/chipnav-home.js'

// every case passes its own environment, folder, platform and home folder: none reads the real ones
const never = () => false
const always = () => true

describe('where chipnav keeps its data', () => {
  test('CHIPNAV_HOME wins, resolved against the working directory', () => {
    const h = resolveChipnavHome({ env: { CHIPNAV_HOME: 'data/ch' }, cwd: '/srv/app', platform: 'linux', homeDir: '/home/ana', isDirectory: always })
    assert.deepEqual([h.path, h.reason], ['/srv/app/data/ch', 'env'])
    assert.match(h.why, /CHIPNAV_HOME/)
  })

  test('an empty CHIPNAV_HOME counts as unset', () => {
    const h = resolveChipnavHome({ env: { CHIPNAV_HOME: '  ' }, cwd: '/srv/app', platform: 'linux', homeDir: '/home/ana', isDirectory: never })
    assert.equal(h.reason, 'user')
  })

  test('./.chipnav when it exists in the working directory (how chipnav worked before)', () => {
    const h = resolveChipnavHome({ env: {}, cwd: '/srv/app', platform: 'linux', homeDir: '/home/ana', isDirectory: (p) => p === '/srv/app/.chipnav' })
    assert.deepEqual([h.path, h.reason], ['/srv/app/.chipnav', 'cwd'])
  })

  test('else the per-user data folder: XDG_DATA_HOME, or ~/.local/share on Linux', () => {
    assert.equal(resolveChipnavHome({ env: { XDG_DATA_HOME: '/xdg' }, cwd: '/srv/app', platform: 'linux', homeDir: '/home/ana', isDirectory: never }).path, '/xdg/chipnav')
    assert.equal(resolveChipnavHome({ env: {}, cwd: '/srv/app', platform: 'linux', homeDir: '/home/ana', isDirectory: never }).path, posix.join('/home/ana', '.local', 'share', 'chipnav'))
    // the XDG spec says a relative XDG_DATA_HOME is ignored
    assert.equal(resolveChipnavHome({ env: { XDG_DATA_HOME: 'rel' }, cwd: '/srv/app', platform: 'linux', homeDir: '/home/ana', isDirectory: never }).path, '/home/ana/.local/share/chipnav')
  })

  test('macOS: ~/Library/Application Support/chipnav; Windows: %LOCALAPPDATA%\\chipnav', () => {
    assert.equal(resolveChipnavHome({ env: { XDG_DATA_HOME: '/xdg' }, cwd: '/srv/app', platform: 'darwin', homeDir: '/Users/ana', isDirectory: never }).path, '/Users/ana/Library/Application Support/chipnav')
    assert.equal(resolveChipnavHome({ env: { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, cwd: 'C:\\work', platform: 'win32', homeDir: 'C:\\Users\\ana', isDirectory: never }).path, win32.join('C:\\Users\\ana\\AppData\\Local', 'chipnav'))
    assert.equal(resolveChipnavHome({ env: {}, cwd: 'C:\\work', platform: 'win32', homeDir: 'C:\\Users\\ana', isDirectory: never }).path, 'C:\\Users\\ana\\AppData\\Local\\chipnav')
  })

  test('a real folder: ./.chipnav is found only when it is a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipnav-home-'))
    try {
      const o = { env: {}, cwd: dir, platform: 'linux' as const, homeDir: join(dir, 'user') }
      assert.equal(resolveChipnavHome(o).reason, 'user')
      mkdirSync(join(dir, '.chipnav'))
      assert.deepEqual([resolveChipnavHome(o).path, resolveChipnavHome(o).reason], [join(dir, '.chipnav'), 'cwd'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
