/**
 * Headers every answer carries, and the answer to requests the HTTP parser refuses before Fastify sees
 * them. Every response: `X-Content-Type-Options: nosniff` (a browser never guesses a type, so an
 * uploaded file served as text/plain is never run as HTML), `Referrer-Policy: no-referrer`, and, unless
 * a route set its own (the docs page), `Content-Security-Policy: default-src 'none'; frame-ancestors
 * 'none'; sandbox` (JSON and files need nothing; an uploaded HTML document opened in a browser runs no
 * script and loads nothing). Documents are served with `Content-Disposition: attachment` (routes/documents.ts).
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ERROR_CATALOGUE, type ErrorCode } from '../shared/errors.js'
import { PROBLEM_CONTENT_TYPE, problemType } from './problem.js'

export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"

/**
 * The web UI's CSP: its own scripts only; styles also inline (Mantine injects a <style> element and Recharts
 * sets style attributes); data: images and fonts; requests to its own origin only; never framed.
 */
export const UI_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

/** The docs page's CSP (@fastify/swagger-ui's, with the hashes of its own inline scripts) without `upgrade-insecure-requests`, which would break it on plain http. */
export const DOCS_CSP = (header: string): string => header.replace(/\s*upgrade-insecure-requests;?/, '').trim()

export async function securityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('x-content-type-options', 'nosniff')
  reply.header('referrer-policy', 'no-referrer')
  // a route or the static UI (which sets it on the raw response) may have set its own
  if (!reply.hasHeader('content-security-policy') && !reply.raw.hasHeader('content-security-policy')) reply.header('content-security-policy', DEFAULT_CSP)
  return payload
}

/**
 * Fastify's `clientErrorHandler`: the HTTP parser refused the request (headers too large, malformed
 * request line). The answer is problem+json like every other, then the connection closes.
 */
export function sendClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return
  const code: ErrorCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST'
  const { status, title } = ERROR_CATALOGUE[code]
  const detail = code === 'HEADERS_TOO_LARGE' ? 'the request headers (with the URL) pass the server’s limit of 16 KiB' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'the request was not received in time' : 'the HTTP request could not be parsed'
  const body = JSON.stringify({ type: problemType(code), title, status, detail, code, instance: '' })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  )
}
