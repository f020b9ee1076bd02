// Codex 0.169's sign-in shapes (`account/*`): the account the app is signed in
// with, the three login flows we run (API key, ChatGPT in the browser, ChatGPT
// device code) and the notifications a login sends when it ends.
import * as z from 'zod/mini';

/** Codex's PlanType wire values. */
export const planType = z.enum([
  'free',
  'go',
  'plus',
  'pro',
  'prolite',
  'promax',
  'team',
  'self_serve_business_prolite',
  'self_serve_business_usage_based',
  'business',
  'ent26',
  'enterprise_cbp_automation',
  'enterprise_cbp_usage_based',
  'enterprise',
  'edu',
  'edu_plus',
  'edu_pro',
  'sci',
  'sci_plus',
  'unknown',
]);

export const account = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apiKey') }),
  z.object({
    type: z.literal('chatgpt'),
    email: z.nullable(z.string()),
    planType,
    /** The selected ChatGPT workspace's display name; we do not know it, so it is left out. */
    workspaceName: z.optional(z.nullable(z.string())),
  }),
]);

export const getAccountParams = z.object({ refreshToken: z.optional(z.boolean()) });
export const getAccountResponse = z.object({
  account: z.nullable(account),
  requiresOpenaiAuth: z.boolean(),
  userId: z.nullable(z.string()),
});

/** The flows we run; Codex's internal-only ones (chatgptAuthTokens, amazonBedrock…) are refused as invalid params. */
export const loginAccountParams = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apiKey'), apiKey: z.string() }),
  z.object({
    type: z.literal('chatgpt'),
    // Accepted as Codex does; they only change ChatGPT's own pages, which our loopback flow does not use.
    appBrand: z.optional(z.nullable(z.enum(['codex', 'chatgpt']))),
    codexStreamlinedLogin: z.optional(z.boolean()),
    useHostedLoginSuccessPage: z.optional(z.boolean()),
  }),
  z.object({ type: z.literal('chatgptDeviceCode') }),
]);
export const loginAccountResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('apiKey') }),
  z.object({ type: z.literal('chatgpt'), loginId: z.string(), authUrl: z.string() }),
  z.object({ type: z.literal('chatgptDeviceCode'), loginId: z.string(), verificationUrl: z.string(), userCode: z.string() }),
]);

export const cancelLoginAccountParams = z.object({ loginId: z.string() });
export const cancelLoginAccountResponse = z.object({ status: z.enum(['canceled', 'notFound']) });

export const accountLoginCompletedNotification = z.object({
  loginId: z.nullable(z.string()),
  success: z.boolean(),
  error: z.nullable(z.string()),
});
export const accountUpdatedNotification = z.object({
  authMode: z.nullable(z.enum(['apikey', 'chatgpt'])),
  planType: z.nullable(planType),
});
