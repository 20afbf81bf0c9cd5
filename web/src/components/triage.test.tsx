// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuestionForm } from './triage';

afterEach(cleanup);

describe('QuestionForm', () => {
  it('asks one yes/no question with labelled radios and sends the chosen answer', () => {
    const onAnswer = vi.fn();
    render(<QuestionForm question={{ nodeId: 'emergency/breathing', pathwayId: 'emergency', pathwayTitle: 'Emergency', kind: 'yes-no', text: 'Is the person breathing?' }} onAnswer={onAnswer} busy={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onAnswer).not.toHaveBeenCalled();
    expect(screen.getByText('Select an answer')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('No'));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onAnswer).toHaveBeenCalledWith('no');
  });

  it('a "none of these" option clears the others in a multiple-choice question', () => {
    const onAnswer = vi.fn();
    render(
      <QuestionForm
        question={{
          nodeId: 'back/nerve',
          pathwayId: 'back',
          pathwayTitle: 'Back pain',
          kind: 'multiple',
          text: 'Do you have any of these?',
          options: [
            { id: 'numb', label: 'Numbness' },
            { id: 'weak', label: 'Weakness' },
            { id: 'none', label: 'None of these', exclusive: true },
          ],
        }}
        onAnswer={onAnswer}
        busy={false}
      />,
    );
    fireEvent.click(screen.getByLabelText('Numbness'));
    fireEvent.click(screen.getByLabelText('None of these'));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onAnswer).toHaveBeenCalledWith(['none']);
  });
});
