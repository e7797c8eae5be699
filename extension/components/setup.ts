// What every extension page needs first: the stored server URL and token as an API client,
// and the cached profile (role, workspace), all following changes made on the options page.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MeResponse } from '../../shared/api';
import { createApiClient, type ApiClient } from '../api';
import { apiTokenItem, profileItem, serverUrlItem } from '../storage';

export interface Setup {
  loaded: boolean;
  configured: boolean;
  api: ApiClient;
  profile: MeResponse | null;
}

export function useSetup(): Setup {
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [profile, setProfile] = useState<MeResponse | null>(null);
  useEffect(() => {
    void Promise.all([serverUrlItem.getValue(), apiTokenItem.getValue(), profileItem.getValue()]).then(([url, t, p]) => {
      setServerUrl(url);
      setToken(t);
      setProfile(p);
    });
    const unwatch = [serverUrlItem.watch(setServerUrl), apiTokenItem.watch(setToken), profileItem.watch(setProfile)];
    return () => unwatch.forEach((u) => u());
  }, []);
  const api = useMemo(() => createApiClient({ serverUrl: serverUrl ?? '', token: token ?? '' }), [serverUrl, token]);
  return {
    loaded: serverUrl !== null && token !== null,
    configured: Boolean(serverUrl && token),
    api,
    profile,
  };
}
