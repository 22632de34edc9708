import { Alert, Button, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error?: Error;
}

/** Keeps one broken panel from blanking the whole page. */
export class PanelBoundary extends Component<{ title: string; children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.title} failed`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title={`${this.props.title} could not be shown`} role="alert">
        <Text size="sm">{this.state.error.message}</Text>
        <Button
          size="xs"
          mt="xs"
          variant="light"
          color="red"
          onClick={() => this.setState({ error: undefined })}
        >
          Try again
        </Button>
      </Alert>
    );
  }
}
