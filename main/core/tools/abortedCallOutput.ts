// What the model is told about a tool call that the user's interrupt cut short.
// Codex 0.169 synthesizes these texts (core/src/tools/parallel.rs): commands get
// a wall-time line, any other tool the elapsed time after the words.

/** Tools whose abort text is shaped like a command's result. */
const COMMAND_TOOLS = new Set(['exec_command', 'shell', 'shell_command', 'local_shell', 'container.exec', 'unified_exec']);

export function abortedCallOutput(toolName: string, elapsedMs: number): string {
  const secs = Math.max(elapsedMs / 1000, 0.1).toFixed(1);
  return COMMAND_TOOLS.has(toolName) ? `Wall time: ${secs} seconds\naborted by user` : `aborted by user after ${secs}s`;
}
