/**
 * The red-flag questions in force on the transaction's date (GET /v1/red-flags), each answered yes, no or left
 * open; the answers go into the transaction's `answers`. An answer that raises a flag is marked as it is given.
 */
import { Accordion, Badge, Group, SegmentedControl, Stack, Text } from '@mantine/core'
import { api, unwrap } from '../api/client'
import { Loadable, useLoad } from './state'

export type RedFlagAnswers = Record<string, 'yes' | 'no'>

type Props = { date: string; answers: RedFlagAnswers; onChange: (answers: RedFlagAnswers) => void }

export function RedFlagQuestions(props: Props) {
  // the questions depend on the date: none are shown until it is a whole date (not today's in its place)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(props.date)) return <Text size="sm" c="dimmed">Enter the date to see the red-flag questions in force on it.</Text>
  return <QuestionsOn {...props} />
}

function QuestionsOn({ date, answers, onChange }: Props) {
  const state = useLoad(() => unwrap(api.GET('/v1/red-flags', { params: { query: { date } } })), [date])
  const answer = (id: string, value: string) => {
    const next = { ...answers }
    if (value === 'yes' || value === 'no') next[id] = value
    else delete next[id]
    onChange(next)
  }
  return (
    <Loadable state={state}>
      {(d) => {
        const answered = d.questions.filter((q) => answers[q.id] !== undefined).length
        const raised = d.questions.filter((q) => answers[q.id] === q.raisedWhen).length
        return (
          <Accordion variant="contained">
            <Accordion.Item value="red-flags">
              <Accordion.Control>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    Red-flag questions in force on {d.date}
                  </Text>
                  <Badge variant="light" color="gray">
                    {answered} of {d.questions.length} answered
                  </Badge>
                  {raised ? <Badge color="orange">{raised} raised</Badge> : null}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  {d.questions.map((q) => (
                    <Group key={q.id} justify="space-between" wrap="nowrap" align="flex-start">
                      <div>
                        <Text size="sm" id={`rf-${q.id}`}>
                          {q.question}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {q.id}
                          {q.citation ? ` · ${q.citation.cfr}; ${q.citation.source.citation}` : ''}
                          {answers[q.id] === q.raisedWhen ? ' · raises a red flag' : ''}
                        </Text>
                      </div>
                      <SegmentedControl
                        size="xs"
                        aria-labelledby={`rf-${q.id}`}
                        value={answers[q.id] ?? 'open'}
                        onChange={(v) => answer(q.id, v)}
                        data={[
                          { value: 'open', label: 'Not answered' },
                          { value: 'yes', label: 'Yes' },
                          { value: 'no', label: 'No' },
                        ]}
                      />
                    </Group>
                  ))}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        )
      }}
    </Loadable>
  )
}
