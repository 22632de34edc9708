// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FeaturedTaskGroups } from './FeaturedTaskGroups';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><b>bold</b>';

beforeAll(() => {
  // jsdom has no matchMedia; Mantine's colour-scheme manager asks for it.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
});
afterEach(cleanup);

function mount(groups: Parameters<typeof FeaturedTaskGroups>[0]['groups']) {
  return render(
    <MantineProvider>
      <MemoryRouter>
        <FeaturedTaskGroups groups={groups} />
      </MemoryRouter>
    </MantineProvider>,
  );
}

describe('FeaturedTaskGroups', () => {
  it('links each group by title to its group view', () => {
    mount([
      { taskGroupId: 'fKmnpbhNQ7OrFLfHVpLk1A', title: 'CI push: 296 tasks, some failing' },
      { taskGroupId: 'Y3CalMXOT9-y5FU4m8c8lg', title: 'nightly graph' },
    ]);
    expect(screen.getByRole('heading', { name: 'Featured task groups' })).toBeTruthy();
    const links = screen.getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['CI push: 296 tasks, some failing', '/tasks/groups/fKmnpbhNQ7OrFLfHVpLk1A'],
      ['nightly graph', '/tasks/groups/Y3CalMXOT9-y5FU4m8c8lg'],
    ]);
  });

  it('shows hostile titles as text, never as markup', () => {
    const { container } = mount([{ taskGroupId: 'fKmnpbhNQ7OrFLfHVpLk1A', title: HOSTILE }]);
    expect(screen.getByRole('link').textContent).toBe(HOSTILE);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('renders nothing without groups', () => {
    const { container } = mount([]);
    expect(screen.queryByText('Featured task groups')).toBeNull();
    expect(container.querySelector('section')).toBeNull();
  });
});
