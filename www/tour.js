// The guided tour: about_Jobs retold as things to try. Each step types its command into the
// console; the learner presses Enter and watches the jobs panel.

export const steps = [
  {
    title: "Start a job",
    text: "Start-Job runs a script block in a new PowerShell process and hands you a job object at once. Your prompt comes straight back while the job works.",
    command: "Start-Job -Name Walk -ScriptBlock { Get-ChildItem C:\\ -Recurse }",
    look: "A row named Walk appears in the jobs panel, Running, with its results filling up as the walk goes.",
  },
  {
    title: "List your jobs",
    text: "Get-Job shows every job of this session: its Id, Name, State and whether it holds results you have not taken yet (HasMoreData).",
    command: "Get-Job",
    look: "The same jobs the panel shows. Walk's child job sits under it in the panel: the parent only gathers what the child does.",
  },
  {
    title: "Take the results so far",
    text: "Receive-Job gives you what the job has written until now, even while it is still running, and takes it out of the job. Run it again a little later: you get only what arrived in between.",
    command: "(Receive-Job -Name Walk).Count",
    look: "The items in Walk's results turn hollow: received. New ones keep arriving behind them.",
  },
  {
    title: "Look without taking: -Keep",
    text: "With -Keep, Receive-Job shows the results and leaves them in the job, so the next Receive-Job gets them again.",
    command: "(Receive-Job -Name Walk -Keep).Count",
    look: "The waiting items stay filled, and HasMoreData stays True.",
  },
  {
    title: "Wait, but not for ever: Wait-Job -Timeout",
    text: "Wait-Job holds the prompt until a job is done. With -Timeout it gives up after that many seconds and returns nothing if the job is still running.",
    command: "$slow = Start-Job { Start-Sleep -Seconds 30; 'finally' }; Wait-Job $slow -Timeout 2",
    look: "Two seconds of waiting, then the prompt again with no output: the job is still Running.",
  },
  {
    title: "Stop a job",
    text: "Stop-Job ends a running job. What it wrote before it stopped is still there to receive.",
    command: "Stop-Job $slow; $slow.State",
    look: "The job's State turns Stopped in the panel.",
  },
  {
    title: "Remove jobs, and -Force",
    text: "Remove-Job deletes a job and its results. A running job is not removed unless you add -Force, which stops it first.",
    command: "Remove-Job -Name Walk",
    look: "If Walk is still running you get an error and the row stays; try again with -Force.",
  },
  {
    title: "A job that fails",
    text: "When the script block throws, the job ends Failed. The reason is kept in the job's JobStateInfo, and Receive-Job shows the error.",
    command: "$bad = Start-Job { throw 'The disk is full' }; Start-Sleep -Seconds 1; $bad.State; $bad.JobStateInfo.Reason.Message",
    look: "A red Failed row. Receive-Job $bad shows the error record.",
  },
  {
    title: "Jobs on other computers: Invoke-Command -AsJob",
    text: "Invoke-Command -AsJob runs the script block on each computer and gives you one parent job with a child job per computer.",
    command: "$remote = Invoke-Command -ComputerName Server01, Server02, Server03 -ScriptBlock { $env:COMPUTERNAME } -AsJob",
    look: "One RemoteJob with three children, one per Location. Receive-Job $remote gathers them all.",
  },
  {
    title: "Thread jobs and their queue",
    text: "Start-ThreadJob runs the script block on a thread of this process: lighter than a new process. Only -ThrottleLimit of them run at once; the rest wait as NotStarted.",
    command: "1..4 | ForEach-Object { Start-ThreadJob { Start-Sleep -Seconds 5; $using:_ } -ThrottleLimit 2 }",
    look: "Two ThreadJobs Running, two NotStarted; as the first two finish, the others start.",
  },
  {
    title: "Keep the results in a file",
    text: "A job's results are lost with the session. Receive them into a file to keep them.",
    command: "Start-Job { Get-Process } | Wait-Job | Receive-Job | Out-File C:\\Users\\User\\Documents\\processes.txt; Get-Content C:\\Users\\User\\Documents\\processes.txt -TotalCount 6",
    look: "The job's row goes from Running to Completed, and HasMoreData to False once it is received.",
  },
];

/** Draws the steps into an ordered list, one shown at a time with Back and Next, so the
 * console stays in view; `tryIt(command)` types a step's command. */
export function renderTour(list, nav, tryIt) {
  const items = steps.map((step, i) => {
    const li = document.createElement("li");
    const h = document.createElement("h3");
    h.textContent = `${i + 1}. ${step.title}`;
    const p = document.createElement("p");
    p.textContent = step.text;
    const code = document.createElement("code");
    code.textContent = step.command;
    const pre = document.createElement("pre");
    pre.append(code);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "try";
    button.textContent = "Try it";
    button.setAttribute("aria-label", `Try it: step ${i + 1}, ${step.title}`);
    button.addEventListener("click", () => tryIt(step.command));
    const look = document.createElement("p");
    look.className = "look";
    look.textContent = `Look for: ${step.look}`;
    li.append(h, p, pre, button, look);
    list.append(li);
    return li;
  });
  const back = nav.querySelector(".back");
  const next = nav.querySelector(".next");
  const where = nav.querySelector(".where");
  let current = 0;
  const show = (i) => {
    current = Math.min(Math.max(i, 0), items.length - 1);
    items.forEach((li, k) => {
      li.hidden = k !== current;
    });
    back.disabled = current === 0;
    next.disabled = current === items.length - 1;
    where.textContent = `Step ${current + 1} of ${items.length}`;
  };
  back.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  show(0);
}
