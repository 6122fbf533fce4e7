import { describe, expect, it } from '@jest/globals';
import { hasValidEscapes, isUnsafePath, pathAfterProject } from '../paths.js';

describe('isUnsafePath', () => {
  it.each([
    ['/projects/a/plans', false],
    ['/projects/a/plans/pln_1?x=../y', false],
    ['/projects/a/plans/..', true],
    ['/projects/a/../b/plans', true],
    ['/projects/a/./plans', true],
    ['/projects/a/%2e%2e/b/plans', true],
    ['/projects/a/%2E./b', true],
    ['/projects/a/.%2e/b', true],
    ['/projects/a/plans\\..\\b', true],
    ['/projects/a/plans%5c..%5cb', true],
    ['/projects/a/plans/v1.2', false],
    ['/projects/a/plans/...', false],
  ])('%s → %s', (url, unsafe) => {
    expect(isUnsafePath(url)).toBe(unsafe);
  });

  it('pathAfterProject always starts with a slash', () => {
    expect(pathAfterProject(undefined)).toBe('/');
    expect(pathAfterProject('plans/x')).toBe('/plans/x');
  });
});

describe('hasValidEscapes', () => {
  it.each([
    ['/projects/a/plans?limit=10', true],
    ['/projects/a/plans?q=%E2%82%AC%20x', true],
    ['/projects/a/plans?limit=%', false],
    ['/projects/a/plans?limit=%ff', false],
    ['/projects/a/plans?limit=%E0%A4%A', false],
    ['/projects/a/plans?%zz=1', false],
    ['/projects/a/plans/%E0%A4%A', false],
  ])('%s → %s', (url, valid) => {
    expect(hasValidEscapes(url)).toBe(valid);
  });
});
