import {
  Alert,
  Button,
  Checkbox,
  PasswordInput,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SignInInput } from '../../queries/queue-session';

export interface SignInFormProps {
  rootUrl: string;
  expiredClientId?: string;
  /** Keep the credentials on this device (localStorage) rather than in this tab. */
  remember: boolean;
  onRememberChange: (remember: boolean) => void;
  onSubmit: (input: SignInInput) => void;
}

/** Checks a pasted certificate; returns an error text or undefined. */
export function checkCertificate(text: string, now = Date.now()): string | undefined {
  if (!text.trim()) return undefined;
  let cert: unknown;
  try {
    cert = JSON.parse(text);
  } catch {
    return 'The certificate must be JSON, as issued with temporary credentials.';
  }
  if (
    !cert ||
    typeof cert !== 'object' ||
    typeof (cert as { expiry?: unknown }).expiry !== 'number'
  ) {
    return 'The certificate has no expiry: paste the whole certificate JSON.';
  }
  if ((cert as { expiry: number }).expiry <= now)
    return 'These temporary credentials have already expired.';
  return undefined;
}

export function SignInForm({
  rootUrl,
  expiredClientId,
  remember,
  onRememberChange,
  onSubmit,
}: SignInFormProps) {
  const [clientId, setClientId] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const [certificate, setCertificate] = useState('');
  const [touched, setTouched] = useState(false);
  const certError = checkCertificate(certificate);
  const missing = !clientId.trim() || !accessToken.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missing || certError) return;
    onSubmit({
      clientId: clientId.trim(),
      accessToken: accessToken.trim(),
      certificate: certificate.trim() || undefined,
      remember,
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      <Stack>
        {expiredClientId && (
          <Alert color="yellow" title="Your credentials expired" role="alert">
            <Text size="sm">
              The credentials of {expiredClientId} are no longer valid. Sign in again.
            </Text>
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          Credentials are used only for {rootUrl}. They stay in this browser tab unless you choose
          to remember them.
        </Text>
        <TextInput
          label="Client ID"
          value={clientId}
          onChange={(e) => setClientId(e.currentTarget.value)}
          autoComplete="username"
          required
          error={touched && !clientId.trim() ? 'Enter your client ID.' : undefined}
        />
        <PasswordInput
          label="Access token"
          value={accessToken}
          onChange={(e) => setAccessToken(e.currentTarget.value)}
          autoComplete="current-password"
          required
          error={touched && !accessToken.trim() ? 'Enter your access token.' : undefined}
        />
        <Textarea
          label="Certificate"
          description="Only for temporary credentials: the certificate JSON."
          value={certificate}
          onChange={(e) => setCertificate(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          spellCheck={false}
          error={certificate ? certError : undefined}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Checkbox
          label="Remember on this device"
          description="Otherwise credentials last until this tab closes. Applies to both ways of signing in."
          checked={remember}
          onChange={(e) => onRememberChange(e.currentTarget.checked)}
        />
        <Button type="submit">Sign in</Button>
      </Stack>
    </form>
  );
}
