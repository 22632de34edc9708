import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { HomePage } from '../features/home/HomePage';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [{ index: true, element: <HomePage /> }],
  },
]);
