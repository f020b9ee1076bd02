// Our command items carry one shell-quoted string (`/bin/bash -lc 'echo hi'`);
// Codex's events and elicitations carry argv arrays. These split it back.

/** POSIX word splitting with quotes and backslashes; undefined when the quoting is unbalanced. */
export function splitShellWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\' && j + 1 < command.length && '"\\$`'.includes(command[j + 1]!)) j++;
        word += command[j];
      }
      if (j >= command.length) return undefined;
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= command.length) return undefined;
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The argv of a command item, or the whole string as one word when it cannot be split. */
export function commandArgv(command: string): string[] {
  return splitShellWords(command) ?? [command];
}

/**
 * Codex's `parsed_cmd`: we do not classify commands (read, search, list), so the
 * script a shell wrapper runs is reported as one `unknown` command.
 */
export function parsedCommand(argv: string[]): { type: 'unknown'; cmd: string }[] {
  const script = argv.length === 3 && (argv[1] === '-lc' || argv[1] === '-c') ? argv[2]! : argv.join(' ');
  return [{ type: 'unknown', cmd: script }];
}
