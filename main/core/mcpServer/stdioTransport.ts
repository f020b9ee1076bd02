// `codex mcp-server`'s stdio transport: newline-delimited JSON-RPC as the MCP
// SDK's own, except that nothing is dropped in silence. A line that is not JSON
// gets -32700, a message that is not JSON-RPC gets -32600 (unknown methods get
// -32601 from the SDK's protocol layer), and a malformed answer to one of our
// requests (an elicitation) fails that request, so the approval is denied at
// once instead of waiting out its timeout.
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { JSONRPC_INVALID_REQUEST, JSONRPC_PARSE_ERROR } from '../../../shared/protocol/types.js';
import { DEFAULT_MAX_LINE_BYTES as MAX_LINE_BYTES, LineChannel } from '../rpc/framing.js';
import { describeIssues } from '../../../shared/protocol/methodTable.js';

type RequestId = string | number;

function requestIdOf(value: unknown): RequestId | null {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)) ? value : null;
}

export class LineStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private channel: LineChannel | undefined;
  private closed = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
  ) {}

  async start(): Promise<void> {
    // A client cannot make us buffer an endless line (the SDK's limit).
    const channel = new LineChannel(this.input, this.output, {
      maxLineBytes: MAX_LINE_BYTES,
      keepOutputOpen: true,
      onOverlongLine: () => this.reply(null, JSONRPC_INVALID_REQUEST, `Invalid Request: a line longer than ${MAX_LINE_BYTES} bytes`),
    });
    channel.onMessage((line) => this.receive(line));
    this.input.on('error', this.onError);
    this.channel = channel;
  }

  private readonly onError = (err: Error) => this.onerror?.(err);

  /** One line from the client; never throws. */
  receive(line: string): void {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      this.reply(null, JSONRPC_PARSE_ERROR, `Parse error: ${(err as Error).message}`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(raw);
    if (parsed.success) {
      this.onmessage?.(parsed.data);
      return;
    }
    const problem = describeIssues(parsed.error.issues, { wholeValue: '(message)' });
    const msg = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
    const id = requestIdOf(msg?.id);
    if (msg && msg.method === undefined && id !== null && ('result' in msg || 'error' in msg)) {
      // A malformed answer to one of our requests: that request fails (an approval is denied).
      this.onmessage?.({ jsonrpc: '2.0', id, error: { code: JSONRPC_INVALID_REQUEST, message: `invalid response: ${problem}` } });
      return;
    }
    if (msg && typeof msg.method === 'string' && !('id' in msg)) {
      // A malformed notification gets no answer (JSON-RPC), only a note in the log.
      this.onerror?.(new Error(`dropped a malformed notification ${msg.method}: ${problem}`));
      return;
    }
    this.reply(id, JSONRPC_INVALID_REQUEST, `Invalid Request: ${problem}`);
  }

  private reply(id: RequestId | null, code: number, message: string): void {
    this.onerror?.(new Error(message));
    // JSON-RPC answers an unidentifiable request with id null; the SDK's types only allow real ids.
    void this.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }));
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(JSON.stringify(message));
  }

  private write(json: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.output.write(json + '\n')) resolve();
      else this.output.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channel?.close();
    this.input.off('error', this.onError);
    this.onclose?.();
  }
}
