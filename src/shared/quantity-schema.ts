/** The zod schemas of a quantity input field: the bound of quantity.ts, one message for every input. */
import { z } from 'zod'
import { MAX_QUANTITY, quantityExpectation } from './quantity.js'

const quantity = (min: 0 | 1) => {
  const error = quantityExpectation(min)
  return z.number({ error }).int({ error }).min(min, { error }).max(MAX_QUANTITY, { error }).meta({ description: `Units: a whole number from ${min} to ${MAX_QUANTITY} (README "Limits").` })
}

/** Units shipped, authorized, deployed or asked about: 1 to MAX_QUANTITY. */
export const QuantitySchema = quantity(1)
/** A count that may be zero (a site's declared capacity, the chips a site attests): 0 to MAX_QUANTITY. */
export const UnitCountSchema = quantity(0)
