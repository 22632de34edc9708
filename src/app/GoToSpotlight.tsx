import '@mantine/spotlight/styles.css';
import { Spotlight, spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { parseTarget } from '../components/parse-target';

const NAV = [
  { to: '/', label: 'Home' },
  { to: '/provisioners', label: 'Worker types' },
  { to: '/settings', label: 'Settings' },
];

/** Ctrl+K: paste a task ID, a task group ID or a Taskcluster URL and go there. Loaded on first use. */
export function GoToSpotlight() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  useEffect(() => spotlight.open(), []);
  const actions = useMemo<SpotlightActionData[]>(() => {
    const target = parseTarget(query);
    if (target.kind === 'id') {
      return [
        {
          id: 'task',
          label: `Open task ${target.id}`,
          onClick: () => navigate(`/tasks/${target.id}`),
        },
        {
          id: 'group',
          label: `Open task group ${target.id}`,
          onClick: () => navigate(`/tasks/groups/${target.id}`),
        },
      ];
    }
    if (target.kind === 'path')
      return [{ id: 'path', label: `Open ${target.path}`, onClick: () => navigate(target.path) }];
    return NAV.map((n) => ({
      id: `nav:${n.to}`,
      label: n.label,
      description: 'Go to page',
      onClick: () => navigate(n.to),
    }));
  }, [query, navigate]);
  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      nothingFound="Paste a task ID, a task group ID or a Taskcluster URL"
      searchProps={{
        placeholder: 'Task ID, task group ID or Taskcluster URL…',
        'aria-label': 'Go to',
      }}
      filter={(q, list) =>
        parseTarget(q).kind === 'invalid'
          ? (list as SpotlightActionData[]).filter((a) =>
              a.label?.toLowerCase().includes(q.toLowerCase()),
            )
          : list
      }
    />
  );
}
