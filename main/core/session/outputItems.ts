// What the turn does with each item the model streams in one sampling request
// (Codex's `handle_output_item_done`): agent messages and reasoning become
// thread items with their deltas; every finished item joins the history; a
// tool call is dispatched at once, so parallel calls overlap.
import type { ResponseItem } from '../model/types.js';
import type { TurnRecorder } from './turnRecorder.js';
import { textOfMessage } from './compaction.js';
import { toolCallFromItem, type ToolCall } from '../tools/router.js';
import { uuidv7 } from '../util/ids.js';
import { isWebSearchCall, webSearchItem } from '../tools/webSearch.js';

/** Where a request's items and progress go: the turn's recorder, or a filtered view of it (the reviewer's). */
export type ItemSink = Pick<TurnRecorder, 'itemStarted' | 'itemCompleted' | 'agentMessageDelta' | 'reasoningSummaryDelta' | 'retrying'>;

export interface OutputItemDeps {
  recorder: ItemSink;
  /** Adds a finished item to the history (and the rollout). */
  record(item: ResponseItem): void;
  /** Runs one tool call; resolves with its output item. */
  dispatch(call: ToolCall): Promise<ResponseItem>;
}

export class OutputItemHandler {
  private message: { id: string; text: string } | undefined;
  private reasoning: { id: string } | undefined;
  /** Outputs of the tool calls this request made, each started as soon as its call finished streaming. */
  readonly toolOutputs: Promise<ResponseItem>[] = [];
  /** Text of the last assistant message of this request. */
  lastAgentMessage: string | null = null;

  constructor(private readonly deps: OutputItemDeps) {}

  added(item: ResponseItem): void {
    if (item.type === 'message' && item.role === 'assistant' && !this.message) {
      this.startMessage(item.id ?? uuidv7());
    } else if (item.type === 'reasoning') {
      this.reasoning = { id: item.id || uuidv7() };
      this.deps.recorder.itemStarted({ type: 'reasoning', id: this.reasoning.id, summary: [], content: [] });
    } else if (isWebSearchCall(item)) {
      this.deps.recorder.itemStarted(webSearchItem({ id: item.id }, uuidv7()));
    }
  }

  textDelta(delta: string): void {
    const message = this.message ?? this.startMessage(uuidv7());
    message.text += delta;
    this.deps.recorder.agentMessageDelta(message.id, delta);
  }

  reasoningSummaryDelta(delta: string, summaryIndex: number): void {
    if (this.reasoning) this.deps.recorder.reasoningSummaryDelta(this.reasoning.id, delta, summaryIndex);
  }

  done(item: ResponseItem): void {
    this.deps.record(item);
    if (item.type === 'message' && item.role === 'assistant') {
      const text = textOfMessage(item);
      const id = this.message?.id ?? item.id ?? uuidv7();
      if (!this.message) this.deps.recorder.itemStarted({ type: 'agentMessage', id, text: '' });
      this.message = undefined;
      this.lastAgentMessage = text;
      this.deps.recorder.itemCompleted({ type: 'agentMessage', id, text });
    } else if (item.type === 'reasoning') {
      const summary = item.summary.map((s) => s.text).filter((s) => s.length > 0);
      const content = (item.content ?? []).map((c) => c.text);
      const id = this.reasoning?.id ?? item.id ?? uuidv7();
      this.reasoning = undefined;
      this.deps.recorder.itemCompleted({ type: 'reasoning', id, summary, content });
    } else if (isWebSearchCall(item)) {
      // The API ran it; the cell shows what was searched.
      this.deps.recorder.itemCompleted(webSearchItem(item, uuidv7()));
    } else {
      const call = toolCallFromItem(item);
      // Runs exactly once even if the stream breaks later.
      if (call) this.toolOutputs.push(this.deps.dispatch(call));
    }
  }

  private startMessage(id: string): { id: string; text: string } {
    this.message = { id, text: '' };
    this.deps.recorder.itemStarted({ type: 'agentMessage', id, text: '' });
    return this.message;
  }
}
