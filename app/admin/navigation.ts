/** The admin's pages, in menu order: App Bridge's NavMenu and the demo's own bar list the same. */
export const ADMIN_PAGES = [
  { to: "/app", label: "Dashboard" },
  { to: "/app/segments", label: "Segments" },
  { to: "/app/templates", label: "Templates" },
  { to: "/app/campaigns", label: "Campaigns" },
  { to: "/app/programs", label: "Programs" },
  { to: "/app/attribution", label: "Attribution" },
  { to: "/app/history", label: "History" },
  { to: "/app/settings", label: "Settings" },
] as const;
