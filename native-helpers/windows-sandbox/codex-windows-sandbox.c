// codex-windows-sandbox: runs one command under a write-restricted token in
// a kill-on-close job object. See README.md for what this does and does not
// enforce. Plain Win32; cross-compiles with mingw-w64 (build-windows.mjs).
//
//   codex-windows-sandbox.exe --mode read-only|workspace-write
//       [--writable-root DIR]... [--protected PATH]... [--protected-create PATH]...
//       [--capability-seed STRING] [--network] -- CMD [ARGS...]
//   codex-windows-sandbox.exe --mode danger-full-access -- CMD [ARGS...]
//       (no restrictions: only the kill-on-close job)
//
// Exit codes: the command's own; 1 sandbox setup failed (the command did not
// run); 2 bad usage; 126 the command could not be started; 127 not found.
#define _CRT_RAND_S
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define MAX_PATHS 256

static const wchar_t *g_roots[MAX_PATHS];
static int g_nroots;
static const wchar_t *g_protected[MAX_PATHS];
static int g_protected_create[MAX_PATHS];
static int g_nprotected;

// Paths whose DACL we changed, so the ACEs can be revoked after the run.
static const wchar_t *g_touched[2 * MAX_PATHS];
static int g_ntouched;

static void fail_win(const char *what, DWORD err) {
  fwprintf(stderr, L"codex-windows-sandbox: %hs failed (Win32 error %lu)\n", what, (unsigned long)err);
}

static int usage(const wchar_t *msg) {
  fwprintf(stderr, L"codex-windows-sandbox: %ls\n"
                   L"usage: codex-windows-sandbox --mode read-only|workspace-write [--writable-root DIR]...\n"
                   L"       [--protected PATH]... [--protected-create PATH]... [--capability-seed S] [--network] -- CMD [ARGS...]\n",
           msg);
  return 2;
}

// A per-run SID S-1-5-21-a-b-c-d that only this run's token carries as a
// restricting SID: ACEs granted to it open exactly the writable roots, and
// revoking "all ACEs of this SID" afterwards cannot touch anyone else's.
static PSID make_capability_sid(const wchar_t *seed) {
  DWORD sub[4];
  if (seed) {
    // FNV-1a with four different offsets: stable SID for a given seed.
    for (int k = 0; k < 4; k++) {
      DWORD h = 2166136261u ^ (DWORD)(k * 0x9e3779b9u);
      for (const wchar_t *p = seed; *p; p++) { h ^= (DWORD)*p; h *= 16777619u; }
      sub[k] = h;
    }
  } else {
    for (int k = 0; k < 4; k++) {
      unsigned int r;
      if (rand_s(&r) != 0) return NULL;
      sub[k] = r;
    }
  }
  SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
  PSID sid = NULL;
  if (!AllocateAndInitializeSid(&nt, 5, SECURITY_NT_NON_UNIQUE, sub[0], sub[1], sub[2], sub[3], 0, 0, 0, &sid)) return NULL;
  return sid;
}

static PSID make_well_known(WELL_KNOWN_SID_TYPE type) {
  DWORD size = SECURITY_MAX_SID_SIZE;
  PSID sid = LocalAlloc(LPTR, size);
  if (sid && !CreateWellKnownSid(type, NULL, sid, &size)) { LocalFree(sid); return NULL; }
  return sid;
}

// Token information, LocalAlloc'ed (caller frees).
static void *token_info(HANDLE tok, TOKEN_INFORMATION_CLASS cls) {
  DWORD len = 0;
  GetTokenInformation(tok, cls, NULL, 0, &len);
  void *buf = len ? LocalAlloc(LPTR, len) : NULL;
  if (buf && !GetTokenInformation(tok, cls, buf, len, &len)) { LocalFree(buf); return NULL; }
  return buf;
}

// Adds one ACE for `sid` to the DACL of `path` (mode GRANT_ACCESS or
// DENY_ACCESS), or removes every ACE of `sid` (REVOKE_ACCESS). Directories
// get inheritable ACEs so the whole tree follows; Windows propagates them.
static DWORD edit_acl(const wchar_t *path, PSID sid, DWORD mask, ACCESS_MODE mode) {
  PACL old = NULL, updated = NULL;
  PSECURITY_DESCRIPTOR sd = NULL;
  DWORD attrs = GetFileAttributesW(path);
  if (attrs == INVALID_FILE_ATTRIBUTES) return GetLastError();
  DWORD rc = GetNamedSecurityInfoW(path, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, &old, NULL, &sd);
  if (rc != ERROR_SUCCESS) return rc;
  EXPLICIT_ACCESSW ea;
  ZeroMemory(&ea, sizeof ea);
  ea.grfAccessPermissions = mask;
  ea.grfAccessMode = mode;
  ea.grfInheritance = (attrs & FILE_ATTRIBUTE_DIRECTORY) ? SUB_CONTAINERS_AND_OBJECTS_INHERIT : NO_INHERITANCE;
  ea.Trustee.TrusteeForm = TRUSTEE_IS_SID;
  ea.Trustee.TrusteeType = TRUSTEE_IS_UNKNOWN;
  ea.Trustee.ptstrName = (LPWSTR)sid;
  rc = SetEntriesInAclW(1, &ea, old, &updated);
  if (rc == ERROR_SUCCESS) {
    rc = SetNamedSecurityInfoW((LPWSTR)path, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, updated, NULL);
  }
  if (updated) LocalFree(updated);
  LocalFree(sd);
  return rc;
}

static void revoke_all(PSID cap) {
  // Best effort: a failure leaves a grant to a SID no other token holds.
  for (int i = g_ntouched - 1; i >= 0; i--) {
    DWORD rc = edit_acl(g_touched[i], cap, 0, REVOKE_ACCESS);
    if (rc != ERROR_SUCCESS) fwprintf(stderr, L"codex-windows-sandbox: warning: could not remove the sandbox ACE from %ls (error %lu)\n", g_touched[i], (unsigned long)rc);
  }
  g_ntouched = 0;
}

// Write rights granted on writable roots. FILE_DELETE_CHILD is left out on
// purpose: on a parent it would let the child delete or rename protected
// entries despite their deny ACEs.
#define ROOT_RIGHTS (FILE_GENERIC_READ | FILE_GENERIC_WRITE | FILE_GENERIC_EXECUTE | DELETE)
#define PROTECT_RIGHTS (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES | DELETE | FILE_DELETE_CHILD | WRITE_DAC | WRITE_OWNER)

static int apply_acls(PSID cap) {
  for (int i = 0; i < g_nroots; i++) {
    DWORD rc = edit_acl(g_roots[i], cap, ROOT_RIGHTS, GRANT_ACCESS);
    if (rc != ERROR_SUCCESS) {
      fwprintf(stderr, L"codex-windows-sandbox: cannot grant write on writable root %ls (error %lu)\n", g_roots[i], (unsigned long)rc);
      return 0;
    }
    g_touched[g_ntouched++] = g_roots[i];
  }
  for (int i = 0; i < g_nprotected; i++) {
    const wchar_t *p = g_protected[i];
    if (GetFileAttributesW(p) == INVALID_FILE_ATTRIBUTES) {
      if (!g_protected_create[i]) continue; // missing and not required: nothing to protect
      // A missing path cannot carry a deny ACE, so it is created empty first.
      if (!CreateDirectoryW(p, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
        fwprintf(stderr, L"codex-windows-sandbox: cannot create protected directory %ls (error %lu)\n", p, (unsigned long)GetLastError());
        return 0;
      }
    }
    DWORD rc = edit_acl(p, cap, PROTECT_RIGHTS, DENY_ACCESS);
    if (rc != ERROR_SUCCESS) {
      // Refuse rather than run with .git writable.
      fwprintf(stderr, L"codex-windows-sandbox: cannot protect %ls (error %lu)\n", p, (unsigned long)rc);
      return 0;
    }
    g_touched[g_ntouched++] = p;
  }
  return 1;
}

// Builds a command line that CommandLineToArgvW / the MSVC CRT split back
// into exactly `argv` (backslashes are literal unless they precede a quote).
static wchar_t *build_command_line(int argc, wchar_t **argv) {
  size_t cap = 1;
  for (int i = 0; i < argc; i++) cap += 3 + 2 * wcslen(argv[i]);
  wchar_t *out = malloc(cap * sizeof(wchar_t)), *o = out;
  if (!out) return NULL;
  for (int i = 0; i < argc; i++) {
    const wchar_t *a = argv[i];
    if (i) *o++ = L' ';
    if (*a && !wcspbrk(a, L" \t\n\v\"")) {
      while (*a) *o++ = *a++;
      continue;
    }
    *o++ = L'"';
    for (;;) {
      size_t bs = 0;
      while (*a == L'\\') { a++; bs++; }
      if (!*a) { for (size_t k = 0; k < 2 * bs; k++) *o++ = L'\\'; break; }
      if (*a == L'"') { for (size_t k = 0; k < 2 * bs + 1; k++) *o++ = L'\\'; }
      else { for (size_t k = 0; k < bs; k++) *o++ = L'\\'; }
      *o++ = *a++;
    }
    *o++ = L'"';
  }
  *o = 0;
  return out;
}

static HANDLE make_restricted_token(PSID cap, int read_only) {
  HANDLE base = NULL, restricted = NULL;
  DWORD access = TOKEN_DUPLICATE | TOKEN_QUERY | TOKEN_ASSIGN_PRIMARY | TOKEN_ADJUST_DEFAULT;
  if (!OpenProcessToken(GetCurrentProcess(), access, &base)) { fail_win("OpenProcessToken", GetLastError()); return NULL; }

  // Restricting SIDs: with WRITE_RESTRICTED they are consulted for writes
  // only, so reads behave as for the user while a write also needs an ACE for
  // one of these. Logon SID: the session's own objects (console, desktop);
  // Everyone: devices such as NUL and pipes that grant it.
  SID_AND_ATTRIBUTES sids[3];
  DWORD nsids = 0;
  PSID everyone = make_well_known(WinWorldSid);
  TOKEN_GROUPS *groups = token_info(base, TokenGroups);
  TOKEN_USER *user = token_info(base, TokenUser);
  PSID logon = NULL;
  for (DWORD i = 0; groups && i < groups->GroupCount; i++) {
    if ((groups->Groups[i].Attributes & SE_GROUP_LOGON_ID) == SE_GROUP_LOGON_ID) logon = groups->Groups[i].Sid;
  }
  sids[nsids++] = (SID_AND_ATTRIBUTES){cap, 0};
  if (logon) sids[nsids++] = (SID_AND_ATTRIBUTES){logon, 0};
  if (everyone) sids[nsids++] = (SID_AND_ATTRIBUTES){everyone, 0};

  // An elevated caller's Administrators membership becomes deny-only, so it
  // grants nothing (not even reads) to the command.
  PSID admins = make_well_known(WinBuiltinAdministratorsSid);
  SID_AND_ATTRIBUTES disable[1] = {{admins, 0}};
  if (!CreateRestrictedToken(base, DISABLE_MAX_PRIVILEGE | LUA_TOKEN | WRITE_RESTRICTED, admins ? 1 : 0, admins ? disable : NULL, 0, NULL,
                             nsids, sids, &restricted)) {
    fail_win("CreateRestrictedToken", GetLastError());
    restricted = NULL;
    goto out;
  }

  // Objects the child creates without an explicit DACL (pipes, events,
  // threads) must stay writable by the child itself, so the default DACL
  // names SIDs that pass both the normal and the restricted check.
  EXPLICIT_ACCESSW ea[3];
  DWORD nea = 0;
  ZeroMemory(ea, sizeof ea);
  PSID dacl_sids[3] = {cap, logon, user ? user->User.Sid : NULL};
  for (int i = 0; i < 3; i++) {
    if (!dacl_sids[i]) continue;
    ea[nea].grfAccessPermissions = GENERIC_ALL;
    ea[nea].grfAccessMode = GRANT_ACCESS;
    ea[nea].grfInheritance = NO_INHERITANCE;
    ea[nea].Trustee.TrusteeForm = TRUSTEE_IS_SID;
    ea[nea].Trustee.ptstrName = (LPWSTR)dacl_sids[i];
    nea++;
  }
  PACL dacl = NULL;
  if (SetEntriesInAclW(nea, ea, NULL, &dacl) == ERROR_SUCCESS) {
    TOKEN_DEFAULT_DACL dd = {dacl};
    if (!SetTokenInformation(restricted, TokenDefaultDacl, &dd, sizeof dd)) fail_win("SetTokenInformation(TokenDefaultDacl)", GetLastError());
    LocalFree(dacl);
  }

  // Read-only: also drop to Low integrity. Mandatory "no write-up" then
  // blocks writes to every normal (Medium) object even where Everyone has
  // write. Not used for workspace-write: the roots would need their label
  // lowered, which would open them to every Low process on the machine.
  if (read_only) {
    PSID low = make_well_known(WinLowLabelSid);
    TOKEN_MANDATORY_LABEL tml = {{low, SE_GROUP_INTEGRITY}};
    if (!low || !SetTokenInformation(restricted, TokenIntegrityLevel, &tml, sizeof tml + GetLengthSid(low))) {
      fail_win("SetTokenInformation(TokenIntegrityLevel)", GetLastError());
      CloseHandle(restricted);
      restricted = NULL;
    }
    if (low) LocalFree(low);
  }
out:
  if (admins) LocalFree(admins);
  if (everyone) LocalFree(everyone);
  if (groups) LocalFree(groups);
  if (user) LocalFree(user);
  CloseHandle(base);
  return restricted;
}

// The helper outlives Ctrl+C/Ctrl+Break (the child gets them too) so it can
// still revoke the ACEs after the child exits.
static BOOL WINAPI ignore_ctrl(DWORD type) {
  (void)type;
  return TRUE;
}

// Kill-on-close job: when this helper dies (or is killed), the handle
// closes and the whole process tree of the command goes with it.
static HANDLE make_kill_on_close_job(void) {
  HANDLE job = CreateJobObjectW(NULL, NULL);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION lim;
  ZeroMemory(&lim, sizeof lim);
  lim.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
  if (!job || !SetInformationJobObject(job, JobObjectExtendedLimitInformation, &lim, sizeof lim)) {
    fail_win("creating the job object", GetLastError());
    if (job) CloseHandle(job);
    return NULL;
  }
  return job;
}

// The command reads and writes this helper's own stdin, stdout and stderr.
static void with_our_std_handles(STARTUPINFOW *si) {
  ZeroMemory(si, sizeof *si);
  si->cb = sizeof *si;
  si->dwFlags = STARTF_USESTDHANDLES;
  si->hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  si->hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
  si->hStdError = GetStdHandle(STD_ERROR_HANDLE);
}

// Puts the suspended command in the job, lets it run and waits for it; what
// it left running ends with the job. FALSE when it could not join the job
// (it is killed before it ran); else its exit code is in *code.
static BOOL wait_in_job(HANDLE job, PROCESS_INFORMATION *pi, DWORD *code) {
  if (!AssignProcessToJobObject(job, pi->hProcess)) {
    fail_win("AssignProcessToJobObject", GetLastError());
    TerminateProcess(pi->hProcess, 1);
    return FALSE;
  }
  ResumeThread(pi->hThread);
  CloseHandle(pi->hThread);
  WaitForSingleObject(pi->hProcess, INFINITE);
  *code = 1;
  GetExitCodeProcess(pi->hProcess, code);
  CloseHandle(pi->hProcess);
  TerminateJobObject(job, *code);
  CloseHandle(job);
  return TRUE;
}

// danger-full-access: no token or ACL changes, only the job, so that what the
// command starts dies with it and with the session (the Windows side of the
// Linux helper's lifetime supervision).
static int run_in_job_only(int argc, wchar_t **argv) {
  HANDLE job = make_kill_on_close_job();
  if (!job) return 1;
  wchar_t *cmdline = build_command_line(argc, argv);
  if (!cmdline) { fwprintf(stderr, L"codex-windows-sandbox: out of memory\n"); return 1; }
  SetConsoleCtrlHandler(ignore_ctrl, TRUE);
  STARTUPINFOW si;
  PROCESS_INFORMATION pi;
  ZeroMemory(&pi, sizeof pi);
  with_our_std_handles(&si);
  if (!CreateProcessW(NULL, cmdline, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi)) {
    DWORD err = GetLastError();
    fwprintf(stderr, L"codex-windows-sandbox: cannot start %ls (Win32 error %lu)\n", argv[0], (unsigned long)err);
    return (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) ? 127 : 126;
  }
  DWORD code;
  BOOL ran = wait_in_job(job, &pi, &code);
  free(cmdline);
  return ran ? (int)code : 1;
}

int wmain(int argc, wchar_t **argv) {
  const wchar_t *mode = NULL, *seed = NULL;
  int i = 1;
  for (; i < argc; i++) {
    const wchar_t *a = argv[i];
    int has_value = i + 1 < argc;
    if (!wcscmp(a, L"--")) { i++; break; }
    if (!wcscmp(a, L"--network")) continue; // accepted; see README (not enforceable here)
    if (!has_value) return usage(L"missing value or command");
    if (!wcscmp(a, L"--mode")) mode = argv[++i];
    else if (!wcscmp(a, L"--capability-seed")) seed = argv[++i];
    else if (!wcscmp(a, L"--writable-root")) {
      if (g_nroots == MAX_PATHS) return usage(L"too many --writable-root");
      g_roots[g_nroots++] = argv[++i];
    } else if (!wcscmp(a, L"--protected") || !wcscmp(a, L"--protected-create")) {
      if (g_nprotected == MAX_PATHS) return usage(L"too many protected paths");
      g_protected_create[g_nprotected] = !wcscmp(a, L"--protected-create");
      g_protected[g_nprotected++] = argv[++i];
    } else return usage(L"unknown option");
  }
  if (i >= argc) return usage(L"no command given (expected -- CMD [ARGS...])");
  if (mode && !wcscmp(mode, L"danger-full-access")) {
    if (g_nroots || g_nprotected) return usage(L"--writable-root and --protected are not valid with --mode danger-full-access");
    return run_in_job_only(argc - i, argv + i);
  }
  if (!mode || (wcscmp(mode, L"read-only") && wcscmp(mode, L"workspace-write"))) return usage(L"--mode must be read-only, workspace-write or danger-full-access");
  int read_only = !wcscmp(mode, L"read-only");
  if (read_only && g_nroots) return usage(L"--writable-root is only valid with --mode workspace-write");
  if (read_only) g_nprotected = 0; // nothing is writable, nothing to carve out

  PSID cap = make_capability_sid(seed);
  if (!cap) { fail_win("creating the capability SID", GetLastError()); return 1; }
  HANDLE token = make_restricted_token(cap, read_only);
  if (!token) return 1;

  HANDLE job = make_kill_on_close_job();
  if (!job) return 1;

  wchar_t *cmdline = build_command_line(argc - i, argv + i);
  if (!cmdline) { fwprintf(stderr, L"codex-windows-sandbox: out of memory\n"); return 1; }

  if (!apply_acls(cap)) { revoke_all(cap); return 1; }
  SetConsoleCtrlHandler(ignore_ctrl, TRUE);

  STARTUPINFOW si;
  PROCESS_INFORMATION pi;
  ZeroMemory(&pi, sizeof pi);
  with_our_std_handles(&si);
  // Suspended until it is in the job, so it cannot spawn anything outside it.
  if (!CreateProcessAsUserW(token, NULL, cmdline, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi)) {
    DWORD err = GetLastError();
    revoke_all(cap);
    fwprintf(stderr, L"codex-windows-sandbox: cannot start %ls (Win32 error %lu)\n", argv[i], (unsigned long)err);
    return (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) ? 127 : 126;
  }
  // Grandchildren left running die in wait_in_job, before the ACEs go away.
  DWORD code;
  if (!wait_in_job(job, &pi, &code)) {
    revoke_all(cap);
    return 1;
  }
  revoke_all(cap);
  CloseHandle(token);
  FreeSid(cap);
  free(cmdline);
  return (int)code;
}
