@echo off
rem codex-desktop-launcher: the `codex` command of an installed Codex Desktop (Windows).
rem The installer puts this folder on the user PATH (packaging/windows/installer.nsh).
rem Runs the bundled CLI with the app's own Electron binary as Node.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
rem Name the bundled sandbox helper: under ELECTRON_RUN_AS_NODE process.resourcesPath may be unset.
set "CODEX_WINDOWS_SANDBOX_EXE=%~dp0..\codex-windows-sandbox.exe"
"%~dp0..\..\Codex Desktop.exe" "%~dp0..\app.asar.unpacked\bin\codex.js" %*
exit /b %ERRORLEVEL%
