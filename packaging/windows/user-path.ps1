# Adds or removes one folder on the current user's PATH (HKCU\Environment\Path).
# Run by the NSIS installer (packaging/windows/installer.nsh) for resources\bin,
# where codex.cmd lives. Reads the raw value and writes REG_EXPAND_SZ, so entries
# such as %USERPROFILE%\bin stay unexpanded.
param(
  [Parameter(Mandatory = $true)][ValidateSet('add', 'remove')][string]$Action,
  [Parameter(Mandatory = $true)][string]$Dir
)
$ErrorActionPreference = 'Stop'
$key = [Microsoft.Win32.Registry]::CurrentUser.CreateSubKey('Environment')
try {
  $old = [string]$key.GetValue('Path', '', [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
  $want = $Dir.TrimEnd('\')
  # -ne is case-insensitive, as Windows paths are; drop empty entries and any copy of $Dir.
  $parts = @($old.Split(';') | Where-Object { $_ -ne '' -and $_.TrimEnd('\') -ne $want })
  if ($Action -eq 'add') { $parts += $want }
  $new = $parts -join ';'
  if ($new -ne $old) { $key.SetValue('Path', $new, [Microsoft.Win32.RegistryValueKind]::ExpandString) }
} finally {
  $key.Close()
}
