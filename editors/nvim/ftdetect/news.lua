-- *.news files are news articles, checked by copydesk like plain text.
vim.filetype.add({ extension = { news = 'news' } })
