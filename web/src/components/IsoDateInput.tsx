/**
 * A date field that shows and takes YYYY-MM-DD whatever the browser's locale (a native date input shows 06/01/2024
 * in one country and 01/06/2024 in another: a compliance date must not be read two ways). The page is told the date
 * only once it is a real one (or the field is emptied), so a half-typed date asks the server nothing; until then the
 * field says what it expects.
 */
import { TextInput, type TextInputProps } from '@mantine/core'
import { useEffect, useState } from 'react'
import { ISO_DATE_HINT, isIsoDate } from './iso-date'

type IsoDateInputProps = Omit<TextInputProps, 'value' | 'onChange' | 'type'> & { value: string; onChange: (value: string) => void }

export function IsoDateInput({ value, onChange, error, ...rest }: IsoDateInputProps) {
  const [text, setText] = useState(value)
  // a date set by the page (a reset, a default) replaces what is shown
  useEffect(() => setText((t) => (t === value || (!isIsoDate(value) && value !== '') ? t : value)), [value])
  const isBad = text !== '' && !isIsoDate(text)
  return (
    <TextInput
      {...rest}
      value={text}
      placeholder="YYYY-MM-DD"
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      error={error ?? (isBad ? ISO_DATE_HINT : undefined)}
      onChange={(e) => {
        const t = e.currentTarget.value.trim()
        setText(t)
        if (t === '' || isIsoDate(t)) onChange(t)
      }}
    />
  )
}
