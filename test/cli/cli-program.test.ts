import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildProgram, commandsFor, COMMANDS } from '../../src/cli/program.js'

describe('the CLI command table (lazy loading)', () => {
  test('each row names exactly the top-level commands its module registers, in help order', async () => {
    const program = await buildProgram()
    const registered = program.commands.map((c) => c.name())
    assert.deepEqual(registered, COMMANDS.flatMap((c) => c.names))
    for (const entry of COMMANDS.filter((c) => !c.names.includes('completion'))) {
      const alone = await buildProgram([entry.names[0]!])
      assert.deepEqual(alone.commands.map((c) => c.name()), [...entry.names], `${entry.names[0]} loads only its own module`)
    }
  })

  test('a run loads only the command it invokes; --version loads none; help and completion load all', () => {
    assert.deepEqual(commandsFor(['classify', 'nvidia-a800', '--json']).map((c) => c.names), [['classify']])
    assert.deepEqual(commandsFor(['--version']), [])
    assert.deepEqual(commandsFor(['-V']), [])
    assert.equal(commandsFor([]).length, COMMANDS.length)
    assert.equal(commandsFor(['--help']).length, COMMANDS.length)
    assert.equal(commandsFor(['--help', 'classify']).length, COMMANDS.length)
    assert.equal(commandsFor(['--version', '--help']).length, COMMANDS.length)
    assert.deepEqual(commandsFor(['classify', '--help']).map((c) => c.names), [['classify']])
    assert.equal(commandsFor(['help', 'screen']).length, COMMANDS.length)
    assert.equal(commandsFor(['completion', 'bash']).length, COMMANDS.length)
    assert.equal(commandsFor(['no-such-command']).length, COMMANDS.length)
  })
})
