// The signed-in workspace and role, refreshed from GET /v1/me when a page opens (a role can
// change on the server) and cached for the background and the other pages.
import type { ComponentChildren } from 'preact';
import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import type { MeResponse } from '../../shared/api';
import { ApiError } from '../api';
import { t } from '../i18n';
import { profileItem } from '../storage';
import type { Setup } from './setup';

export interface ProfileCheck {
  profile: MeResponse | null;
  /** Why GET /v1/me failed, while no profile could be had. */
  error: unknown;
  retry(): void;
}

/** The fresh profile, or the error that kept it away (a rejected token, a server that is down). */
export function useProfileCheck(setup: Setup): ProfileCheck {
  const [fresh, setFresh] = useState<MeResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!setup.configured) return;
    let cancelled = false;
    setError(null);
    setup.api
      .me()
      .then((me) => {
        if (cancelled) return;
        setFresh(me);
        void profileItem.setValue(me);
      })
      .catch((failure: unknown) => {
        if (cancelled) return;
        setError(failure);
        // A rejected token invalidates the cached role; a server that is down does not.
        if (failure instanceof ApiError && failure.kind === 'unauthorized') {
          setFresh(null);
          void profileItem.setValue(null);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [setup.api, setup.configured, round]);
  const profile = fresh ?? setup.profile;
  return { profile, error: profile ? null : error, retry: () => setRound((n) => n + 1) };
}

export function useFreshProfile(setup: Setup): MeResponse | null {
  return useProfileCheck(setup).profile;
}

export function ProfileLine({ profile }: { profile: MeResponse | null }) {
  if (!profile) return null;
  return (
    <p class="profile">
      {profile.workspace.name} · {profile.name} ({t(`role.${profile.role}`)})
    </p>
  );
}

/** A page's header: its title, who is signed in where, and the way to the options page. */
export function PageHeader({ title, profile }: { title: ComponentChildren; profile: MeResponse | null }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      <ProfileLine profile={profile} />
      <nav class="header-actions">
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('action.options')}
        </button>
      </nav>
    </header>
  );
}
