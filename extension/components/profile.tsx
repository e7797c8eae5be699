// The signed-in workspace and role, refreshed from GET /v1/me when a page opens (a role can
// change on the server) and cached for the background and the other pages.
import { useEffect, useState } from 'preact/hooks';
import type { MeResponse } from '../../shared/api';
import { ApiError } from '../api';
import { t } from '../i18n';
import { profileItem } from '../storage';
import type { Setup } from './setup';

export function useFreshProfile(setup: Setup): MeResponse | null {
  const [fresh, setFresh] = useState<MeResponse | null>(null);
  useEffect(() => {
    if (!setup.configured) return;
    let cancelled = false;
    setup.api
      .me()
      .then((me) => {
        if (cancelled) return;
        setFresh(me);
        void profileItem.setValue(me);
      })
      .catch((error: unknown) => {
        // A rejected token invalidates the cached role; a server that is down does not.
        if (!cancelled && error instanceof ApiError && error.kind === 'unauthorized') void profileItem.setValue(null);
      });
    return () => {
      cancelled = true;
    };
  }, [setup.api, setup.configured]);
  return fresh ?? setup.profile;
}

export function ProfileLine({ profile }: { profile: MeResponse | null }) {
  if (!profile) return null;
  return (
    <p class="profile">
      {profile.workspace.name} · {profile.name} ({t(`role.${profile.role}`)})
    </p>
  );
}
