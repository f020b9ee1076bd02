; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; Puts resources\bin (codex.cmd) on the user's PATH at install and takes it off at
; uninstall. user-path.ps1 edits the value because NSIS strings have a fixed maximum
; length: reading a long PATH into one would truncate it and lose entries.
!include WinMessages.nsh

!macro codexUserPath ACTION
  nsExec::ExecToLog '"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "$INSTDIR\resources\user-path.ps1" ${ACTION} "$INSTDIR\resources\bin"'
  Pop $0
  ${if} $0 != 0
    DetailPrint "Could not ${ACTION} $INSTDIR\resources\bin on PATH (exit $0); run codex.cmd from there."
  ${endIf}
  ; New terminals started from Explorer pick up the changed PATH.
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
!macroend

!macro customInstall
  !insertmacro codexUserPath add
!macroend

; Runs before the uninstaller deletes the files, so user-path.ps1 is still there.
!macro customUnInstall
  !insertmacro codexUserPath remove
!macroend
