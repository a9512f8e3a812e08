import GuildCLI

await GuildMain.main()
