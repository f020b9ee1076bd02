// The tray icons as 32x32 PNG data URLs (generated once; no asset files to ship):
// a ring, and the same ring with a red dot while something waits for the user.
export const TRAY_ICON_NORMAL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAaklEQVR42u2XUQoAIAhDu/+l1xFCnW6Bgr/zFanrnI0PA4+UFW4DQTGlxUsQGUEaRFWkDMG4xrQG8yGltNjtFNLDAAAmTx/WXYAFsAMYb0P5ILIYxfJlZLGO5YbEwpJZmFILW27zMdloiQu7kxr0BxxZHwAAAABJRU5ErkJggg==';
export const TRAY_ICON_ATTENTION =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAjElEQVR42u2WyRHAMAgDXU6KSP+lpA2lAjsIJPOImeGrXcbnGH+o577QAp11NRsfvYRXJBDpCJyVANNqAXQKLNeZ3XisBAXOSrDTj10CabhLQHoJWadX3IQS+OQtCOVaBJjcI3AEYJCgM90CemNHlkKilIFiABRDIBEEFTz9JXOcpFZ4RcRWbeBTlnoBKWLxWYGZhrgAAAAASUVORK5CYII=';
