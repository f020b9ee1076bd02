// The alternate screen: the UI draws on its own screen and the shell's screen
// comes back untouched on exit (`--no-alt-screen` keeps everything inline).
const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

export function enterAltScreen(out: NodeJS.WriteStream): void {
  out.write(ENTER);
}

export function leaveAltScreen(out: NodeJS.WriteStream): void {
  out.write(LEAVE + SHOW_CURSOR);
}
