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

  it('asks a duration as a number and a unit, and sends hours (3 days is 72 hours, not "0 weeks")', () => {
    const onAnswer = vi.fn();
    render(
      <QuestionForm
        question={{ nodeId: 'cough/how-long', pathwayId: 'cough', pathwayTitle: 'Cough', kind: 'duration', text: 'How long have you had the cough?', unit: 'hours', units: ['hours', 'days', 'weeks'], min: 0, max: 17520 }}
        onAnswer={onAnswer}
        busy={false}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onAnswer).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('How long'), { target: { value: '3' } });
    expect((screen.getByLabelText('Hours, days or weeks') as HTMLSelectElement).value).toBe('days');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onAnswer).toHaveBeenLastCalledWith(72);
    fireEvent.change(screen.getByLabelText('Hours, days or weeks'), { target: { value: 'weeks' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onAnswer).toHaveBeenLastCalledWith(504);
  });
});
