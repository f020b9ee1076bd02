// Inline rename: Enter saves (thread/name/set), Escape or leaving the field cancels.
import { useEffect, useRef, useState } from 'react';
import { cancelRename, renameThread } from './threadActions.js';

export function RenameField({ threadId, current }: { threadId: string; current: string }) {
  const [value, setValue] = useState(current);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return (
    <input
      ref={input}
      className="rename"
      aria-label="Thread name"
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => cancelRename()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          void renameThread(threadId, value);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          cancelRename();
        }
      }}
    />
  );
}
