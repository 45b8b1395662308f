/** `chipnav completion <bash|zsh|fish>`: a completion script for the shell, generated from the registered commands. */
import type { Command } from 'commander'
import { AppError } from '../../shared/errors.js'
import { action } from '../run-command.js'

type CommandWords = { name: string; options: string[]; sub: CommandWords[] }

function words(cmd: Command): CommandWords {
  return {
    name: cmd.name(),
    options: cmd.options.map((o) => o.long ?? o.short ?? '').filter((o) => o !== ''),
    sub: cmd.commands.filter((c) => c.name() !== 'help').map(words),
  }
}

export function completionScript(program: Command, shell: string): string {
  const top = words(program)
  const names = top.sub.map((c) => c.name)
  if (shell === 'bash' || shell === 'zsh') {
    const cases = top.sub
      .map((c) => `    ${c.name}) opts="${[...c.sub.map((s) => s.name), ...c.options, '--help'].join(' ')}" ;;`)
      .join('\n')
    return [
      '# chipnav completion (bash; zsh via bashcompinit)',
      ...(shell === 'zsh' ? ['autoload -U +X bashcompinit && bashcompinit'] : []),
      '_chipnav() {',
      '  local cur cmd opts',
      '  cur="${COMP_WORDS[COMP_CWORD]}"',
      '  cmd="${COMP_WORDS[1]}"',
      '  if [ "$COMP_CWORD" -eq 1 ]; then',
      `    COMPREPLY=( $(compgen -W "${names.join(' ')} --help --version" -- "$cur") )`,
      '    return 0',
      '  fi',
      '  case "$cmd" in',
      cases,
      '    *) opts="--help" ;;',
      '  esac',
      '  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )',
      '}',
      'complete -o default -F _chipnav chipnav',
      '',
    ].join('\n')
  }
  if (shell === 'fish') {
    const lines = ['# chipnav completion (fish)', 'complete -c chipnav -f']
    for (const c of top.sub) {
      lines.push(`complete -c chipnav -n __fish_use_subcommand -a ${c.name}`)
      for (const s of c.sub) lines.push(`complete -c chipnav -n '__fish_seen_subcommand_from ${c.name}' -a ${s.name}`)
      for (const o of c.options) if (o.startsWith('--')) lines.push(`complete -c chipnav -n '__fish_seen_subcommand_from ${c.name}' -l ${o.slice(2)}`)
    }
    return `${lines.join('\n')}\n`
  }
  throw new AppError('VALIDATION_FAILED', { detail: `unknown shell "${shell}": expected bash, zsh or fish`, issues: [{ path: 'shell', message: 'expected bash, zsh or fish' }] })
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('Print a shell completion script: chipnav completion bash >> ~/.bashrc (zsh, fish likewise)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(
      action(async (shell: string) => {
        process.stdout.write(completionScript(program, shell))
      }),
    )
}
