// The body editor's embed block: a pasted provider link (or one typed into the "embed" button's
// prompt) becomes <figure data-embed data-embed-id data-embed-url [data-embed-title]> with an
// optional caption. Which links are embeds is decided on the server (richmedia.providers), asked
// through the lookup URL the editor's config gives; an unknown link is pasted as a plain link.
import { Node, Plugin } from "django-prose-editor/editor"

const SINGLE_URL = /^https?:\/\/\S+$/i

// The cards' look: a static stylesheet beside this module (the CSP allows no inline styles).
if (!document.querySelector("link[data-richmedia-editor]")) {
  const link = document.createElement("link")
  link.rel = "stylesheet"
  link.href = new URL("./editor-blocks.css", import.meta.url).href
  link.dataset.richmediaEditor = ""
  document.head.append(link)
}

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

async function lookup(lookupUrl, url) {
  if (!lookupUrl) return null
  const separator = lookupUrl.includes("?") ? "&" : "?"
  const response = await fetch(`${lookupUrl}${separator}url=${encodeURIComponent(url)}`, {
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
  })
  if (!response.ok) return null
  return (await response.json()).embed
}

function dataAttribute(name, attribute) {
  return {
    default: "",
    parseHTML: (element) => element.getAttribute(attribute) || "",
    renderHTML: (attributes) => (attributes[name] ? { [attribute]: attributes[name] } : {}),
  }
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  priority: 1000,

  addOptions() {
    return { lookupUrl: null }
  },

  addAttributes() {
    return {
      provider: dataAttribute("provider", "data-embed"),
      embedId: dataAttribute("embedId", "data-embed-id"),
      url: dataAttribute("url", "data-embed-url"),
      title: dataAttribute("title", "data-embed-title"),
      caption: {
        default: "",
        parseHTML: (element) => element.querySelector("figcaption")?.textContent.trim() || "",
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]", priority: 100 }]
  },

  renderHTML({ node, HTMLAttributes }) {
    return node.attrs.caption ? ["figure", HTMLAttributes, ["figcaption", node.attrs.caption]] : ["figure", HTMLAttributes]
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const dom = document.createElement("figure")
      dom.className = "richmedia-embed-card"
      dom.contentEditable = "false"
      const label = document.createElement("p")
      const caption = document.createElement("button")
      caption.type = "button"
      caption.className = "richmedia-embed-card__caption"
      const show = (current) => {
        label.textContent = `${current.attrs.provider} embed: ${current.attrs.title || current.attrs.url}`
        caption.textContent = current.attrs.caption ? `Caption: ${current.attrs.caption}` : "Add a caption"
      }
      caption.addEventListener("click", () => {
        const text = window.prompt("Caption (shown under the embed)", node.attrs.caption)
        if (text === null || typeof getPos !== "function") return
        editor.chain().setNodeSelection(getPos()).updateAttributes("embed", { caption: text.trim() }).run()
      })
      dom.append(label, caption)
      show(node)
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "embed") return false
          node = updated
          show(updated)
          return true
        },
      }
    }
  },

  addCommands() {
    return {
      insertEmbed:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
      embedFromUrl:
        (url) =>
        ({ editor }) => {
          lookup(this.options.lookupUrl, url).then((found) => {
            if (found) {
              // A paragraph after the block, with the cursor in it: writing (or pasting) goes on below.
              const attrs = { provider: found.provider, embedId: found.id, url: found.url }
              editor.chain().focus().insertContent([{ type: this.name, attrs }, { type: "paragraph" }]).run()
            } else {
              editor.chain().focus().insertContent({ type: "text", text: url, marks: [{ type: "link", attrs: { href: url } }] }).run()
            }
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      button: buttons.material("smart_display", "embed a video, post or chart by its link"),
      command: (editor) => {
        const url = (window.prompt("Link to a video, post, audio or chart (YouTube, Vimeo, X, Bluesky, Instagram, TikTok, SoundCloud, Spotify, Datawrapper, Flourish)") || "").trim()
        if (SINGLE_URL.test(url)) editor.commands.embedFromUrl(url)
      },
      enabled: (editor) => editor.can().insertEmbed({}),
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          handlePaste(_view, event) {
            const text = (event.clipboardData?.getData("text/plain") || "").trim()
            if (!SINGLE_URL.test(text)) return false
            editor.commands.embedFromUrl(text)
            return true
          },
        },
      }),
    ]
  },
})

// The body editor's gallery block: a figure of figures (<figure data-gallery="">), made by
// selecting pictures inserted through the figure dialog's picker and pressing "gallery".
export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  content: "figure+",
  isolating: true,
  draggable: true,
  priority: 1000,

  parseHTML() {
    return [{ tag: "figure[data-gallery]", priority: 100 }]
  },

  renderHTML() {
    return ["figure", { "data-gallery": "", class: "richmedia-gallery" }, 0]
  },

  addCommands() {
    return {
      wrapInGallery:
        () =>
        ({ commands }) =>
          commands.wrapIn(this.name),
      unwrapGallery:
        () =>
        ({ commands }) =>
          commands.lift(this.name),
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "gallery",
      groups: "nodes",
      button: buttons.material("photo_library", "gallery: group the selected figures"),
      command: (editor) => {
        if (editor.isActive("gallery")) editor.chain().focus().unwrapGallery().run()
        else editor.chain().focus().wrapInGallery().run()
      },
      active: (editor) => editor.isActive("gallery"),
      enabled: (editor) => editor.isActive("gallery") || editor.can().wrapInGallery(),
    })
  },
})

// The body editor's media block: one of our own video or audio files (richmedia.MediaFile), by
// the number its admin page shows. Readers get the player, its poster, tracks and transcript.
export const Media = Node.create({
  name: "media",
  group: "block",
  atom: true,
  draggable: true,
  priority: 1000,

  addAttributes() {
    return { mediaId: dataAttribute("mediaId", "data-media") }
  },

  parseHTML() {
    return [{ tag: "figure[data-media]", priority: 100 }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure")
      dom.className = "richmedia-media-card"
      dom.contentEditable = "false"
      dom.textContent = `Video or audio file ${node.attrs.mediaId}`
      return { dom }
    }
  },

  addCommands() {
    return {
      insertMedia:
        (mediaId) =>
        ({ commands }) =>
          commands.insertContent([{ type: this.name, attrs: { mediaId: String(mediaId) } }, { type: "paragraph" }]),
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "media",
      groups: "nodes",
      button: buttons.material("movie", "video or audio: insert one of our own files by its number"),
      command: (editor) => {
        const number = (window.prompt("Number of the video or audio file (Rich media › Video and audio files)") || "").trim()
        if (/^[0-9]{1,12}$/.test(number)) editor.chain().focus().insertMedia(number).run()
      },
      enabled: (editor) => editor.can().insertMedia("1"),
    })
  },
})
