import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { accessMemory } from './access';
import { useQueueSession } from './queue-session';

/** True when the current deployment refused an anonymous read that public deployments allow. */
export function usePrivateDeployment(): boolean {
  const { rootUrl } = useQueueSession();
  useSyncExternalStore(accessMemory.subscribe, accessMemory.getVersion);
  return accessMemory.isPrivate(rootUrl);
}

/**
 * For an anonymous visitor, one cheap read that every public deployment allows
 * (`listProvisioners`, scope `queue:list-provisioners`), so that a private deployment is
 * recognised on views that read nothing themselves (the home page).
 */
export function useAnonymousAccessProbe(): void {
  const { client, clientId } = useQueueSession();
  useQuery({
    queryKey: ['queue', 'access-probe'],
    queryFn: async ({ signal }) => {
      try {
        await client.listProvisioners({ signal, limit: 1 });
        return 'answered';
      } catch (err) {
        accessMemory.observe(client, err);
        return 'refused';
      }
    },
    enabled: !clientId,
    staleTime: Infinity,
    retry: false,
  });
}

/** Feeds every failed query of this session to the access memory. */
export function useObserveQueryErrors(): void {
  const { client } = useQueueSession();
  const cache = useQueryClient().getQueryCache();
  useEffect(
    () =>
      cache.subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'error')
          accessMemory.observe(client, event.action.error);
      }),
    [cache, client],
  );
}
