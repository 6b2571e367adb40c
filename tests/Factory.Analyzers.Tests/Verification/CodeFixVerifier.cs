using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>
/// Applies a code fix the way an IDE does: the source in an <see cref="AdhocWorkspace"/>, the
/// analyzers' diagnostic, the fixer's one action, its operations (which simplify and format the
/// annotated nodes), and then the changed document's text compared with the expected text exactly.
/// </summary>
internal static class CodeFixVerifier
{
    public static async Task VerifyAsync(CodeFixProvider fixer, string source, string expected, params string[] others)
    {
        using var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Factory.Analyzers.Test",
            "Factory.Analyzers.Test",
            LanguageNames.CSharp,
            compilationOptions: TestCompilation.CompilationOptions,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));

        var documents = new List<DocumentId>();
        string[] sources = new[] { source }.Concat(others).ToArray();
        for (int i = 0; i < sources.Length; i++)
        {
            DocumentId id = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(id, TestCompilation.FileName(i), SourceText.From(sources[i]), filePath: TestCompilation.FileName(i));
            documents.Add(id);
        }

        Document document = solution.GetDocument(documents[0])!;
        Diagnostic diagnostic = await SingleFixableAsync(document, fixer);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        CodeAction fix = Assert.Single(actions);

        ImmutableArray<CodeActionOperation> operations = await fix.GetOperationsAsync(CancellationToken.None);
        ApplyChangesOperation apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
        Document changed = apply.ChangedSolution.GetDocument(documents[0])!;
        string actual = (await changed.GetTextAsync()).ToString();
        Assert.Equal(expected, actual);

        // The fix fixes: the changed project compiles and no longer reports what was fixed.
        Compilation after = (await changed.Project.GetCompilationAsync())!;
        AnalyzerVerifier.AssertNoCompilerErrors(after);
        ImmutableArray<Diagnostic> remaining = await AnalyzerVerifier.RunAsync(after);
        Assert.DoesNotContain(remaining, d => fixer.FixableDiagnosticIds.Contains(d.Id));
    }

    private static async Task<Diagnostic> SingleFixableAsync(Document document, CodeFixProvider fixer)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        AnalyzerVerifier.AssertNoCompilerErrors(compilation);
        ImmutableArray<Diagnostic> diagnostics = await AnalyzerVerifier.RunAsync(compilation);
        return Assert.Single(diagnostics, d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.SourceTree?.FilePath == document.FilePath);
    }
}
